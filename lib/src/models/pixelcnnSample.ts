/**
 * Ancestral sampling from PixelCNN, one pixel at a time in raster order:
 *   for i = 1 … D:   pᵢ = σ(lᵢ(x₍<ᵢ₎, c)),   xᵢ = 1[uᵢ < pᵢ],   uᵢ ~ U[0, 1)
 * All the uniforms u are drawn up front from the seed (image by image, pixel by pixel), so two
 * samplers that compute the same logits return the same images, bit for bit.
 *
 * naive: each step runs the network on the whole S × S canvas: D full passes.
 * fast:  each step computes only what the next logit depends on. A logit at (r, q) reads rows
 *        r − R … r and columns q − R … q + R, R = ⌊k/2⌋ + N (model.reach): the first k×k conv
 *        reaches ⌊k/2⌋ pixels, each 3×3 block one more, the 1×1 convs none, and the masks hide
 *        every row below r. So the input is cropped to that region (at most 9 × 17 = 153 of the
 *        784 pixels for R = 8), and each layer is computed only on the part of it the layers after
 *        it read, shrinking by one pixel per block down to the single pixel (PixelCNN.logitAt).
 *        The sums are those of the full pass term for term (a masked tap adds 0 either way), so
 *        the logits are equal bit for bit.
 *        The gated PixelCNN (gatedPixelcnn.ts) runs its whole network on the same crop, with R its
 *        own reach (m₀ + N + 1): no shrinking cone, but still the crop only.
 *
 * @example
 *   const images = await sampleFast(model, 16, { seed: 1, onProgress: (done, total) => bar.update(done / total) });
 */
import * as tf from '@tensorflow/tfjs';
import { deriveSeed, rng } from '../seed';
import { ModelInputError } from './types';
import { coneRegion } from './pixelcnn';

/**
 * What the samplers need of a PixelCNN (pixelcnn.ts, gatedPixelcnn.ts): the full-image logits, the
 * logit of one pixel from the crop coneRegion(r, q, reach) of the canvas, and the class one-hots.
 */
export interface PixelModel {
  readonly side: number;
  readonly reach: number;
  readonly config: { readonly inputDim: number; readonly numClasses: number };
  /** x: [B, H, W, 1], c: [B, K] → [B, H, W, 1] */
  logitsImage(x: tf.Tensor4D, c?: tf.Tensor2D): tf.Tensor4D;
  /** x: the canvas on coneRegion(r, q, reach) [B, h, w, 1] → [B] */
  logitAt(x: tf.Tensor4D, c: tf.Tensor2D | undefined, r: number, q: number): tf.Tensor1D;
  oneHot(labels: number[]): tf.Tensor2D;
}

export interface SampleOptions {
  /** Seed of the uniforms u. */
  seed: number;
  /** Class-conditional models: one class for all, one per image, or (default) 0, 1, …, K−1, 0, … in turn. */
  class?: number | number[];
  /** Called after every pixel with the pixels done and the total D. Default: none. */
  onProgress?: (done: number, total: number) => void;
}

/** Logits [n] of pixel (r, q) given the canvas [n, S, S] so far and the one-hot classes [n, K]. */
export type LogitAt = (canvas: Float32Array, r: number, q: number, c?: tf.Tensor2D) => tf.Tensor1D;

/** D full forward passes. → [n, D] in {0, 1} */
export function sampleNaive(model: PixelModel, n: number, options: SampleOptions): Promise<tf.Tensor2D> {
  const S = model.side;
  return draw(model, n, options, (canvas, r, q, c) =>
    tf.tidy(() => {
      const x = tf.tensor4d(canvas, [n, S, S, 1]); // [n, S, S, 1]
      return tf.reshape(tf.slice(model.logitsImage(x, c), [0, r, q, 0], [n, 1, 1, 1]), [n]) as tf.Tensor1D;
    }),
  );
}

/** D forward passes on crops of at most (R + 1) × (2R + 1) pixels. → [n, D] in {0, 1} */
export function sampleFast(model: PixelModel, n: number, options: SampleOptions): Promise<tf.Tensor2D> {
  const { side: S, reach: R } = model;
  return draw(model, n, options, (canvas, r, q, c) => {
    const { top, left, right } = coneRegion(r, q, R, S);
    return tf.tidy(() => model.logitAt(cropCanvas(canvas, n, S, { top, bottom: r, left, right }), c, r, q));
  });
}

/** Rows top … bottom and columns left … right of n canvases [n, S, S] stored flat. → [n, rows, cols, 1] */
export function cropCanvas(
  canvas: Float32Array,
  n: number,
  S: number,
  { top, bottom, left, right }: { top: number; bottom: number; left: number; right: number },
): tf.Tensor4D {
  const [h, w] = [bottom - top + 1, right - left + 1];
  const crop = new Float32Array(n * h * w);
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < h; y++) {
      const from = b * S * S + (top + y) * S + left;
      crop.set(canvas.subarray(from, from + w), (b * h + y) * w);
    }
  }
  return tf.tensor4d(crop, [n, h, w, 1]);
}

/** The sampling loop every sampler shares (also gatedPixelcnnSample.ts); only the logit of the next pixel differs. logitAt is called in raster order. */
export async function draw(
  model: PixelModel,
  n: number,
  options: SampleOptions,
  logitAt: LogitAt,
): Promise<tf.Tensor2D> {
  const { seed, onProgress } = options;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`PixelCNN.sample: n must be a positive integer, got ${n}.`);
  const D = model.config.inputDim;
  const S = model.side;
  const u = uniforms(n * D, seed);
  const canvas = new Float32Array(n * D); // [n, S, S], unsampled pixels 0
  const c = classCondition(model, n, options.class);
  try {
    for (let i = 0; i < D; i++) {
      const t = logitAt(canvas, Math.floor(i / S), i % S, c);
      const l = await t.data(); // [n]
      t.dispose();
      for (let b = 0; b < n; b++) canvas[b * D + i] = u[b * D + i] < 1 / (1 + Math.exp(-l[b])) ? 1 : 0; // xᵢ = 1[uᵢ < σ(lᵢ)]
      onProgress?.(i + 1, D);
      if ((i + 1) % S === 0) await new Promise((resolve) => setImmediate(resolve)); // timers, Ctrl-C, displays
    }
  } finally {
    c?.dispose();
  }
  return tf.tensor2d(canvas, [n, D]);
}

/** u [n·D] ~ U[0, 1), image by image: image b's uniforms do not depend on n. */
function uniforms(count: number, seed: number): Float64Array {
  const next = rng(deriveSeed(seed, 'pixelcnn-sample'));
  return Float64Array.from({ length: count }, next);
}

function classCondition(model: PixelModel, n: number, label?: number | number[]): tf.Tensor2D | undefined {
  const K = model.config.numClasses;
  if (K === 0) {
    if (label !== undefined)
      throw new ModelInputError(
        'PixelCNN.sample: this model is unconditional; drop the class option or train with numClasses.',
      );
    return undefined;
  }
  if (Array.isArray(label) && label.length !== n) {
    throw new ModelInputError(
      `PixelCNN.sample: ${label.length} classes given for ${n} images; give one per image or a single class.`,
    );
  }
  const labels = Array.isArray(label) ? label : Array.from({ length: n }, (_, b) => label ?? b % K);
  return model.oneHot(labels);
}
