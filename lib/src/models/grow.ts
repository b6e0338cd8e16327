/**
 * Widening a trained PixelCNN's first field without changing what it computes (function-preserving
 * growth, Chen et al. 2016, "Net2Net"). The wider kernel W' holds W in the taps both share and
 * zeros in the new ones; with m = ⌊k/2⌋, m' = ⌊k'/2⌋ and Δ = m' − m,
 *   W'[t + Δ, s + Δ] = W[t, s],   W' = 0 elsewhere
 * along every spatial axis that grows. The same Δ fits every first-layer kernel: a k-wide axis
 * centred on the pixel (plain mask A [k, k]; the gated vertical stack's columns q − m … q + m)
 * gains Δ taps on each side, and an axis that ends at the pixel (the gated vertical stack's rows
 * r − m … r, the horizontal stack's columns q − m … q) gains Δ before it. So tap offsets from the
 * pixel are kept, the masks line up (mask A's allowed taps t < m stay t + Δ < m'), and the grown
 * model's logits equal the trained one's, l'(x, c) = l(x, c), until training moves the new taps.
 *
 * @example
 *   const wide = new GatedPixelCNN({ ...trained.config, firstKernel: 21 });
 *   growInto(trained, wide); // wide.logitsImage(x) equals trained.logitsImage(x)
 */
import * as tf from '@tensorflow/tfjs';
import type { AnyPixelCNN } from './registry';

/**
 * Copies every parameter of `from` into `to`, the first layer's kernels embedded as above. Throws
 * unless both are the same kind with the same config apart from a first field at least as wide.
 */
export function growInto(from: AnyPixelCNN, to: AnyPixelCNN): void {
  const differs = Object.keys(from.config).filter(
    (key) => key !== 'firstKernel' && key !== 'seed' && !sameValue(from.config, to.config, key),
  );
  if (from.kind !== to.kind || differs.length)
    throw new RangeError(
      `growInto: only the first field can grow; ${from.kind !== to.kind ? `the kind differs (${from.kind} → ${to.kind})` : `${differs.join(', ')} differ`}.`,
    );
  const [k, k2] = [from.config.firstKernel, to.config.firstKernel];
  if (k2 < k) throw new RangeError(`growInto: the first field can only grow, not shrink from ${k} to ${k2}.`);
  const delta = Math.floor(k2 / 2) - Math.floor(k / 2);
  for (const [name, W2] of to.params.variables) {
    const W = from.params.variables.get(name);
    if (!W) throw new RangeError(`growInto: ${from.kind} has no parameter "${name}".`);
    W2.assign(tf.tidy(() => embed(W, W2.shape, delta, name)));
  }
}

/** W zero-padded to `shape`: Δ before each grown axis (of the first two, the spatial ones), the rest after. */
function embed(W: tf.Tensor, shape: number[], delta: number, name: string): tf.Tensor {
  const pads = shape.map((n, axis): [number, number] => {
    const grow = n - W.shape[axis];
    if (grow === 0) return [0, 0];
    if (axis > 1 || grow < delta)
      throw new RangeError(`growInto: "${name}" cannot grow from [${W.shape}] to [${shape}].`);
    return [delta, grow - delta];
  });
  return tf.pad(W, pads);
}

function sameValue(a: object, b: object, key: string): boolean {
  return JSON.stringify((a as Record<string, unknown>)[key]) === JSON.stringify((b as Record<string, unknown>)[key]);
}
