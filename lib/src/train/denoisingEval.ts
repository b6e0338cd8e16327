/**
 * Does the (denoising) autoencoder clean corrupted images? For each corruption process C and each
 * test image x, with x̃ ~ C(x̃ | x) drawn from a fixed seed and x̂ = g(f(x̃)) the reconstruction:
 *
 *   corrupted   MSE(x̃, x) = 1/(N D) Σ_n Σ_d (x̃_nd − x_nd)²     how far the noisy input is from clean
 *   output      MSE(x̂, x) = 1/(N D) Σ_n Σ_d (x̂_nd − x_nd)²     how far the model's output is from clean
 *   improves    MSE(x̂, x) < MSE(x̃, x)                           the model moved the image closer
 * (squaredError: the same sums divided by N only, per image.)
 *
 * The standard set is the lecture's: Gaussian noise σ = 0.3 (the DAE's training corruption),
 * masking ν = 0.5 and salt-and-pepper ν = 0.2 (data/corruption.ts). The noise of batch i under
 * corruption j is seeded by deriveSeed(seed, 'corrupt', j, i): fixed for a given batch size.
 *
 * @example
 *   const rows = await evaluateDenoising(dae, await loadDataset('mnist', 'test'), { seed: 0 });
 *   rows.every((r) => r.improves);
 */
import * as tf from '@tensorflow/tfjs';
import { corrupt, type Binarization, type Corruption } from '../data';
import type { TrainableModel } from '../models/types';
import { deriveSeed } from '../seed';
import { batchesOf, exampleCount, type TrainData } from './source';

export const STANDARD_CORRUPTIONS: readonly Corruption[] = [
  { kind: 'gaussian', std: 0.3 },
  { kind: 'masking', fraction: 0.5 },
  { kind: 'salt-and-pepper', fraction: 0.2 },
];

export interface DenoisingOptions {
  /** Corruption processes to test. Default STANDARD_CORRUPTIONS. */
  corruptions?: readonly Corruption[];
  /** Examples per forward pass. Default 256. */
  batchSize?: number;
  /** Seed of the corruption noise. Default 0. */
  seed?: number;
  /** Binarization of the clean images. Default 'none'. */
  binarize?: Binarization;
}

export interface ReconstructionError {
  /** Mean over pixels and examples. */
  meanSquaredError: number;
  /** Σ over pixels, mean over examples. */
  squaredError: number;
}

export interface DenoisingResult {
  corruption: Corruption;
  /** The corrupted input x̃ against the clean x. */
  corrupted: ReconstructionError;
  /** The model's output g(f(x̃)) against the clean x. */
  output: ReconstructionError;
  /** output.meanSquaredError < corrupted.meanSquaredError. */
  improves: boolean;
}

/** One row per corruption: error of the corrupted input and of the model's output, both against clean x. */
export async function evaluateDenoising(
  model: TrainableModel,
  data: TrainData,
  options: DenoisingOptions = {},
): Promise<DenoisingResult[]> {
  const { corruptions = STANDARD_CORRUPTIONS, batchSize = 256, seed = 0, binarize = 'none' } = options;
  const sums = corruptions.map(() => ({ corrupted: 0, output: 0 }));
  let i = 0;
  for (const { x, c } of batchesOf(data, { batchSize, seed, shuffle: false, binarize })) {
    for (const [j, corruption] of corruptions.entries()) {
      const [noisy, cleaned] = tf.tidy(() => {
        const xTilde = corrupt(x, corruption, deriveSeed(seed, 'corrupt', j, i)); // [B, D]
        return [
          tf.sum(tf.squaredDifference(xTilde, x), 1),
          tf.sum(tf.squaredDifference(model.reconstruct(xTilde, c), x), 1),
        ]; // [B] each
      });
      sums[j].corrupted += sum64(await noisy.data());
      sums[j].output += sum64(await cleaned.data());
      tf.dispose([noisy, cleaned]);
    }
    i++;
  }
  const n = exampleCount(data);
  const d = model.config.inputDim;
  const error = (sum: number): ReconstructionError => ({ meanSquaredError: sum / (n * d), squaredError: sum / n });
  return corruptions.map((corruption, j) => {
    const [corrupted, output] = [error(sums[j].corrupted), error(sums[j].output)];
    return { corruption, corrupted, output, improves: output.meanSquaredError < corrupted.meanSquaredError };
  });
}

/** Per-example sums added in float64, so the figure does not drift with a backend's summation order. */
function sum64(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}
