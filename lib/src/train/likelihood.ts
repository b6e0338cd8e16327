/**
 * PixelCNN's exact test-set likelihood: no bound, no sampling, one pass per batch.
 *
 *   nll        = 1/N Σₙ −log p(xₙ | cₙ) = 1/N Σₙ Σᵢ BCE(xₙᵢ, lₙᵢ)      nats per image
 *   bitsPerDim = nll / (D ln 2)                                        bits per pixel
 *
 * Image sets are binarized once with a fixed seed ('stochastic', the analogue of the fixed
 * binarized MNIST of Larochelle & Murray 2011 on which PixelCNN's 81.30 nats is reported).
 *
 * @example
 *   const { nll, bitsPerDim } = await exactLikelihood(model, await loadDataset('mnist', 'test'));
 */
import * as tf from '@tensorflow/tfjs';
import type { Binarization } from '../data';
import { bitsPerDim } from '../losses';
import type { AnyPixelCNN } from '../models/registry';
import { batchesOf, exampleCount, type TrainData } from './source';

export interface LikelihoodOptions {
  /** Examples per forward pass. Default 256. */
  batchSize?: number;
  /** Seed of the fixed binarization. Default 0. */
  seed?: number;
  /** Binarization of image sets. Default 'stochastic' (fixed); in-memory tensors are used as given. */
  binarize?: Binarization;
}

export interface Likelihood {
  examples: number;
  /** Mean −log p(x) in nats per image. */
  nll: number;
  /** nll / (D ln 2). */
  bitsPerDim: number;
}

export async function exactLikelihood(
  model: AnyPixelCNN,
  data: TrainData,
  { batchSize = 256, seed = 0, binarize = 'stochastic' }: LikelihoodOptions = {},
): Promise<Likelihood> {
  let sum = 0;
  for (const { x, c } of batchesOf(data, { batchSize, seed, shuffle: false, binarize })) {
    const total = tf.tidy(() => tf.sum(model.nll(x, c)));
    sum += (await total.data())[0];
    total.dispose();
  }
  const examples = exampleCount(data);
  const nll = sum / examples;
  return { examples, nll, bitsPerDim: bitsPerDim(nll, model.config.inputDim) };
}
