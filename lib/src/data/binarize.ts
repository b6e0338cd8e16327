/**
 * Pixels to model inputs, one example at a time, x = pixel / 255 ∈ [0, 1], optionally binarized:
 *   none        x
 *   threshold   1[x > 0.5]                                  (fixed)
 *   stochastic  b ~ Bernoulli(x), seeded by (seed, example)  (fixed: the same every epoch, for
 *               fair test-set likelihoods, as in Salakhutdinov & Murray 2008)
 *   dynamic     b ~ Bernoulli(x), seeded by (seed, epoch, example): a fresh sample each epoch
 * Seeding per example (not per batch) makes the sample independent of batch size and order.
 */
import { deriveSeed, rng } from '../seed';
import type { ImageSet } from './load';

export type Binarization = 'none' | 'dynamic' | 'threshold' | 'stochastic';
export const BINARIZATIONS: readonly Binarization[] = ['none', 'dynamic', 'threshold', 'stochastic'];

export interface BinarizeOptions {
  /** Default: 'none'. */
  binarize?: Binarization;
  /** Needed by 'dynamic' and 'stochastic'. */
  seed?: number;
  /** Epoch for 'dynamic'. Default: 0. */
  epoch?: number;
}

/** The examples at `indices` as float32, [indices.length, H*W], row-major. */
export function examplesToFloat(
  set: ImageSet,
  indices: ArrayLike<number>,
  options: BinarizeOptions = {},
): Float32Array {
  const { binarize = 'none', seed, epoch = 0 } = options;
  if (!BINARIZATIONS.includes(binarize)) {
    throw new RangeError(`Unknown binarization "${binarize}". Use one of: ${BINARIZATIONS.join(', ')}.`);
  }
  if ((binarize === 'dynamic' || binarize === 'stochastic') && seed === undefined) {
    throw new TypeError(`binarize: '${binarize}' draws Bernoulli samples, so it needs a seed (e.g. { seed: SEED }).`);
  }
  const d = set.height * set.width;
  const out = new Float32Array(indices.length * d); // [B, H*W]
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    const pixels = set.images.subarray(i * d, (i + 1) * d);
    const row = out.subarray(k * d, (k + 1) * d);
    if (binarize === 'none') for (let j = 0; j < d; j++) row[j] = pixels[j] / 255;
    else if (binarize === 'threshold') for (let j = 0; j < d; j++) row[j] = pixels[j] / 255 > 0.5 ? 1 : 0;
    else {
      const u = rng(
        binarize === 'stochastic' ? deriveSeed(seed!, 'stochastic', i) : deriveSeed(seed!, 'dynamic', epoch, i),
      );
      for (let j = 0; j < d; j++) row[j] = u() < pixels[j] / 255 ? 1 : 0;
    }
  }
  return out;
}
