/**
 * What the training loop, checkpoints and CLI need from a model: a kind and config that rebuild
 * it, its named parameters, and a loss on a batch returning its terms (losses.ts `LossTensors`).
 */
import * as tf from '@tensorflow/tfjs';
import type { LossTensors } from '../losses';
import type { ParamStore } from './params';

export type ModelKind = 'ae' | 'dae' | 'vae' | 'cvae' | 'pixelcnn' | 'gated-pixelcnn' | 'classifier';
export const MODEL_KINDS: readonly ModelKind[] = [
  'ae',
  'dae',
  'vae',
  'cvae',
  'pixelcnn',
  'gated-pixelcnn',
  'classifier',
];

/** A training or evaluation batch: x [B, D] in [0, 1]; c [B, numClasses] one-hot (conditional models and the classifier). */
export interface ModelBatch {
  x: tf.Tensor2D;
  c?: tf.Tensor2D;
}

export interface LossOptions {
  /** Seed of this step's randomness (reparameterisation noise, corruption). */
  seed: number;
  /** KL weight β (VAEs only; KL warm-up ramps it). Default: the model's config.beta. */
  beta?: number;
}

/** A model genmodels can train, checkpoint and evaluate. */
export interface TrainableModel {
  readonly kind: ModelKind;
  /** The full config (defaults filled in); `buildModel(kind, config)` rebuilds the same architecture. */
  /** latentDim is absent for models without a latent variable (PixelCNN, the classifier). */
  readonly config: { readonly seed: number; readonly inputDim: number; readonly latentDim?: number };
  readonly params: ParamStore;
  /** Batch-mean loss terms; the caller owns the returned scalars (call inside tf.tidy). AEs report kl = 0. */
  loss(batch: ModelBatch, options: LossOptions): LossTensors;
  /** x̂ for x (c: the one-hot class, CVAE only). [B, D] → [B, D]. The classifier throws: it has no x̂. */
  reconstruct(x: tf.Tensor2D, c?: tf.Tensor2D): tf.Tensor2D;
  dispose(): void;
}

/** Thrown when a model is called with inputs of the wrong shape or missing a class one-hot. */
export class ModelInputError extends Error {
  override name = 'ModelInputError';
}

/** Check x: [B, inputDim] (and c: [B, numClasses] when classes are expected). */
export function checkInput(model: string, x: tf.Tensor, inputDim: number, c?: tf.Tensor, numClasses?: number): void {
  if (x.rank !== 2 || x.shape[1] !== inputDim) {
    throw new ModelInputError(
      `${model}: expected x of shape [B, ${inputDim}], got [${x.shape}]. Flatten images to rows first.`,
    );
  }
  if (numClasses === undefined) return;
  if (!c || c.rank !== 2 || c.shape[0] !== x.shape[0] || c.shape[1] !== numClasses) {
    const found = c ? `[${c.shape}]` : 'nothing';
    throw new ModelInputError(
      `${model}: expected a one-hot class c of shape [${x.shape[0]}, ${numClasses}], got ${found}. Pass batch.c.`,
    );
  }
}

/**
 * A model's full config: every field of `defaults`, taken from `given` where it defines it (an
 * undefined field keeps its default). Fields `defaults` lacks are dropped, so a config shared
 * between models (the CLI's, a registry's) stores nothing foreign in a checkpoint.
 */
export function configFrom<T extends object>(defaults: T, given: Partial<T> = {}): T {
  const config = { ...defaults };
  for (const key of Object.keys(defaults) as (keyof T)[]) {
    const value = given[key];
    if (value !== undefined) config[key] = value as T[keyof T];
  }
  return config;
}

/** One-hot rows for integer labels in 0..K−1; `model` names the caller in the error. [n] → [n, K] */
export function oneHotRows(model: string, labels: number[], K: number): tf.Tensor2D {
  if (K === 0)
    throw new ModelInputError(
      `${model}: this model is unconditional (numClasses 0); build it with numClasses to condition on a class.`,
    );
  for (const l of labels) {
    if (!Number.isInteger(l) || l < 0 || l >= K)
      throw new ModelInputError(`${model}: class ${l} is out of range; expected an integer in 0..${K - 1}.`);
  }
  return tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), K).toFloat() as tf.Tensor2D);
}
