/**
 * Test-set metrics, averaged over examples (not batches):
 *
 *   loss terms           mean_n of the model's loss (−ELBO terms with the model's β for VAEs)
 *   squaredError         mean_n Σ_d (x_nd − x̂_nd)², x̂ = reconstruct(x) (the posterior mean for VAEs)
 *   meanSquaredError     squaredError / D, the mean per pixel
 *   bce                  mean_n Σ_d −[x_nd log p_nd + (1 − x_nd) log(1 − p_nd)], p = clip(x̂, ε, 1 − ε),
 *                        ε = 1e-6, nats per image (grey-level x: its minimum is the entropy of x, not 0)
 *   elbo                 mean_n ELBO(x_n), one-sample Monte Carlo (β = 1)
 *   logPx                mean_n IWAE_k(x_n), the importance-weighted estimate of log p(x) (VAEs)
 */
import * as tf from '@tensorflow/tfjs';
import type { Binarization } from '../data';
import { deriveSeed } from '../seed';
import { VAE } from '../models/vae';
import type { TrainableModel } from '../models/types';
import type { Metrics } from './callbacks';
import { batchesOf, exampleCount, type TrainData } from './source';

export interface EvaluateOptions {
  /** Examples per forward pass. Default 256 (IWAE uses batchSize / k rows at a time, at least 1). */
  batchSize?: number;
  /** Seed of the sampling noise. Default 0. */
  seed?: number;
  /** Importance samples of the IWAE estimate; 0 skips it. Default 0. */
  k?: number;
  /** Binarization of image sets: use 'stochastic' (a fixed sample) for Bernoulli decoders. Default 'none'. */
  binarize?: Binarization;
}

export interface Evaluation {
  examples: number;
  loss: Metrics;
  /** Σ over pixels, mean over examples. */
  squaredError: number;
  /** Mean over pixels and examples. */
  meanSquaredError: number;
  /** Bernoulli cross-entropy of x under x̂, nats per image. */
  bce: number;
  /** VAEs only. */
  elbo?: number;
  logPx?: number;
  k?: number;
}

/** Mean loss terms over a data set, with the model's own β. */
export async function evaluateLoss(
  model: TrainableModel,
  data: TrainData,
  { batchSize = 256, seed = 0, binarize }: EvaluateOptions = {},
): Promise<Metrics> {
  const sums: Metrics = { total: 0, reconstruction: 0, kl: 0 };
  let i = 0;
  for (const batch of batchesOf(data, { batchSize, seed, shuffle: false, binarize })) {
    const b = batch.x.shape[0];
    const terms = model.loss(batch, { seed: deriveSeed(seed, 'batch', i++) });
    for (const k of ['total', 'reconstruction', 'kl'] as const) sums[k] += (await terms[k].data())[0] * b;
    tf.dispose(Object.values(terms));
  }
  const n = exampleCount(data);
  return { total: sums.total / n, reconstruction: sums.reconstruction / n, kl: sums.kl / n };
}

/** Loss terms, reconstruction error and, for VAEs, ELBO and the IWAE log p(x) estimate. */
export async function evaluate(
  model: TrainableModel,
  data: TrainData,
  options: EvaluateOptions = {},
): Promise<Evaluation> {
  const { batchSize = 256, seed = 0, k = 0, binarize = 'none' } = options;
  const n = exampleCount(data);
  const loss = await evaluateLoss(model, data, options);
  let sqSum = 0;
  let bceSum = 0;
  let elboSum = 0;
  let i = 0;
  for (const { x, c } of batchesOf(data, { batchSize, seed, shuffle: false, binarize })) {
    const xHat = model.reconstruct(x, c); // [B, D]
    sqSum += await sumOf(() => tf.sum(tf.squaredDifference(x, xHat), 1));
    bceSum += await sumOf(() => tf.sum(bernoulliCrossEntropy(x, xHat), 1));
    xHat.dispose();
    if (model instanceof VAE) elboSum += await sumOf(() => model.elbo(x, { seed: deriveSeed(seed, 'elbo', i), c }));
    i++;
  }
  const d = model.config.inputDim;
  const result: Evaluation = {
    examples: n,
    loss,
    squaredError: sqSum / n,
    meanSquaredError: sqSum / (n * d),
    bce: bceSum / n,
  };
  if (model instanceof VAE) {
    result.elbo = elboSum / n;
    if (k > 0) Object.assign(result, { k, logPx: (await iwaeSum(model, data, { k, batchSize, seed, binarize })) / n });
  }
  return result;
}

const EPS = 1e-6;

/** −[x log p + (1 − x) log(1 − p)] with p = clip(x̂, ε, 1 − ε), per pixel. [B, D] → [B, D] */
export function bernoulliCrossEntropy(x: tf.Tensor2D, xHat: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const p = tf.clipByValue(xHat, EPS, 1 - EPS);
    return tf.neg(tf.add(tf.mul(x, tf.log(p)), tf.mul(tf.sub(1, x), tf.log1p(tf.neg(p))))) as tf.Tensor2D;
  });
}

async function iwaeSum(
  model: VAE,
  data: TrainData,
  { k, batchSize, seed, binarize }: Required<EvaluateOptions>,
): Promise<number> {
  let sum = 0;
  let i = 0;
  const rows = Math.max(1, Math.floor(batchSize / k));
  for (const { x, c } of batchesOf(data, { batchSize: rows, seed, shuffle: false, binarize })) {
    sum += await sumOf(() => model.iwae(x, { k, seed: deriveSeed(seed, 'iwae', i++), c }));
  }
  return sum;
}

/** Σ of the per-example values f() [B], added in float64: float32 sums over whole batches drift with the backend's order. */
async function sumOf(f: () => tf.Tensor): Promise<number> {
  const t = tf.tidy(f);
  const v = (await t.data()) as Float32Array;
  t.dispose();
  return v.reduce((s, a) => s + a, 0);
}
