/**
 * Minibatches as tensors. The pixels stay uint8 in the `ImageSet`; each batch converts only its
 * own B examples to float32 (see binarize.ts), so memory is O(B·H·W) per step.
 *
 *   order  = permutation(N, deriveSeed(seed, 'shuffle', epoch))   (or 0..N-1 when shuffle=false)
 *   x      [B, H*W] float32 in [0, 1] (or {0, 1} when binarized)
 *   y      [B]      int32 labels
 *   c      [B, K]   float32 one-hot labels, c_{b,k} = 1[y_b = k]
 *
 * @example
 *   for (const { x, c } of batches(train, { batchSize: 128, seed: SEED, epoch })) {
 *     optimizer.minimize(() => loss(x, c)); // x, c are disposed when the loop moves on
 *   }
 */
import * as tf from '@tensorflow/tfjs';
import { deriveSeed, permutation } from '../seed';
import { examplesToFloat, type Binarization } from './binarize';
import type { ImageSet } from './load';

export interface Batch {
  x: tf.Tensor2D; // [B, H*W]
  y: tf.Tensor1D; // [B] int32
  c: tf.Tensor2D; // [B, numClasses] one-hot
}

export interface BatchOptions {
  batchSize: number;
  seed: number;
  /** Selects the shuffle order and the 'dynamic' binarization sample. Default: 0. */
  epoch?: number;
  /** Default: true. */
  shuffle?: boolean;
  /** Default: 'none'. */
  binarize?: Binarization;
  /** Drop the last batch when smaller than batchSize. Default: false. */
  dropLast?: boolean;
  /** Start at this batch of the epoch (resuming mid-epoch); earlier ones are never built. Default: 0. */
  startBatch?: number;
}

/**
 * Seeded shuffling batch iterator. Each batch's tensors are disposed when the consumer asks for
 * the next one, and on return/break; use tf.clone to keep one beyond that.
 */
export function batches(set: ImageSet, options: BatchOptions): Generator<Batch> {
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1) {
    throw new RangeError(`batches: batchSize must be a positive integer, got ${options.batchSize}.`); // at the call, not at the first next()
  }
  return generate(set, options);
}

function* generate(set: ImageSet, options: BatchOptions): Generator<Batch> {
  const { batchSize, seed, epoch = 0, shuffle = true, binarize = 'none', dropLast = false, startBatch = 0 } = options;
  const order = shuffle
    ? permutation(set.n, deriveSeed(seed, 'shuffle', epoch))
    : Int32Array.from({ length: set.n }, (_, i) => i);
  const end = dropLast ? set.n - (set.n % batchSize) : set.n;
  for (let start = startBatch * batchSize; start < end; start += batchSize) {
    const batch = makeBatch(set, order.subarray(start, Math.min(start + batchSize, end)), { binarize, seed, epoch });
    try {
      yield batch;
    } finally {
      tf.dispose([batch.x, batch.y, batch.c]);
    }
  }
}

/** Whole set as one float tensor [N, H*W] in [0, 1] (caller disposes), with the same binarize options. */
export function toTensor(set: ImageSet, options: { binarize?: Binarization; seed?: number } = {}): tf.Tensor2D {
  const all = Int32Array.from({ length: set.n }, (_, i) => i);
  return tf.tensor2d(examplesToFloat(set, all, options), [set.n, set.height * set.width]);
}

function makeBatch(
  set: ImageSet,
  indices: Int32Array,
  options: { binarize: Binarization; seed: number; epoch: number },
): Batch {
  const b = indices.length;
  const labels = Int32Array.from(indices, (i) => set.labels[i]);
  return tf.tidy(() => {
    const x = tf.tensor2d(examplesToFloat(set, indices, options), [b, set.height * set.width]); // [B, H*W]
    const y = tf.tensor1d(labels, 'int32'); // [B]
    const c = tf.oneHot(y, set.numClasses).toFloat() as tf.Tensor2D; // [B, K]
    return { x, y, c };
  });
}
