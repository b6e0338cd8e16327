/**
 * Training data for `fit` and `evaluate`: an image set (MNIST, Fashion-MNIST; batched by the data
 * layer, optionally binarized) or in-memory tensors (toy sets, the linear-Gaussian model, tests),
 * both cut into the same seeded shuffled mini-batches:
 *
 *   order_e = permutation(N, deriveSeed(seed, 'shuffle', e))   for epoch e
 *   batch_i = rows order_e[i·B … (i+1)·B − 1]
 *
 * Batches are determined by (seed, epoch, i) alone, so a resumed epoch can start at batch i.
 */
import * as tf from '@tensorflow/tfjs';
import { batches, type BatchOptions as ImageBatchOptions, type ImageSet } from '../data';
import { deriveSeed, permutation } from '../seed';
import type { ModelBatch } from '../models/types';

/** Examples as rows: x [N, D]; optional one-hot classes c [N, C] for the conditional VAE. */
export interface TensorData {
  x: tf.Tensor2D;
  c?: tf.Tensor2D;
}

export type TrainData = ImageSet | TensorData;

/** The data layer's batch options (binarize applies to image sets only; every batch is kept). */
export type BatchOptions = Omit<ImageBatchOptions, 'dropLast'>;

function isImageSet(data: TrainData): data is ImageSet {
  return 'images' in data;
}

export function exampleCount(data: TrainData): number {
  return isImageSet(data) ? data.n : data.x.shape[0];
}

export function batchCount(data: TrainData, batchSize: number): number {
  return Math.ceil(exampleCount(data) / batchSize);
}

/** Seeded mini-batches; each batch is disposed when the next is requested (or on return). */
export function* batchesOf(data: TrainData, options: BatchOptions): Generator<ModelBatch> {
  if (isImageSet(data)) {
    yield* batches(data, options);
    return;
  }
  const { batchSize, seed, epoch = 0, shuffle = true, startBatch = 0 } = options;
  const n = exampleCount(data);
  const order = shuffle
    ? permutation(n, deriveSeed(seed, 'shuffle', epoch))
    : Int32Array.from({ length: n }, (_, i) => i);
  for (let start = startBatch * batchSize; start < n; start += batchSize) {
    const batch = tf.tidy(() => {
      const idx = tf.tensor1d(order.subarray(start, Math.min(n, start + batchSize)), 'int32'); // [B]
      return { x: tf.gather(data.x, idx), c: data.c ? tf.gather(data.c, idx) : undefined };
    });
    try {
      yield batch;
    } finally {
      tf.dispose([batch.x, ...(batch.c ? [batch.c] : [])]);
    }
  }
}
