/**
 * Class accuracy of conditional samples: does a conditional generator draw the class it is asked
 * for? A classifier p_clf(k | x) trained on real data is the judge.
 *
 *   x_{c,i} ~ p(x | c),  i = 1…n, c = 0…K−1        ConditionalVAE: z ~ N(0, I), x = E[x | z, c];
 *                                                   PixelCNN: ancestral sampling given c
 *   ĉ_{c,i} = argmax_k p_clf(k | x_{c,i})
 *   confusion[c][k] = #{i : ĉ_{c,i} = k}            rows: requested class, columns: predicted
 *   perClass[c] = confusion[c][c] / n,   accuracy = Σ_c confusion[c][c] / (K n)
 * A generator that ignores c scores ≈ 1/K; a perfect one ≈ the classifier's own accuracy.
 *
 * @example
 *   const r = await classAccuracy(conditionalGenerator(cvae), classifier, { perClass: 100, seed: 1 });
 *   r.accuracy; // e.g. 0.97
 */
import * as tf from '@tensorflow/tfjs';
import type { Classifier } from '../models/classifier';
import { ConditionalVAE } from '../models/cvae';
import { isPixelCNN } from '../models/registry';
import { ModelInputError, type TrainableModel } from '../models/types';
import { deriveSeed } from '../seed';

/** Samples for the given classes, one row each, seeded: labels [n] → [n, D]. */
export type ConditionalGenerator = (labels: number[], seed: number) => tf.Tensor2D | Promise<tf.Tensor2D>;

export interface ClassAccuracyOptions {
  /** Samples n drawn per class. */
  perClass: number;
  /** Seed of the sampling. */
  seed: number;
}

export interface ClassAccuracy {
  /** Fraction of all K·n samples classified as their requested class. */
  accuracy: number;
  /** The same fraction for each requested class c = 0…K−1. */
  perClass: number[];
  /** confusion[c][k]: samples asked to be c that the classifier calls k. */
  confusion: number[][];
  samplesPerClass: number;
  seed: number;
}

/** The generator of a cvae or class-conditional pixelcnn; throws for unconditional models. */
export function conditionalGenerator(
  model: TrainableModel,
  { method = 'fast' }: { method?: 'fast' | 'naive' } = {},
): ConditionalGenerator {
  if (model instanceof ConditionalVAE) return (labels, seed) => model.sample(labels.length, { seed, label: labels });
  if (isPixelCNN(model) && model.config.numClasses > 0)
    return (labels, seed) => model.sample(labels.length, { seed, class: labels, method });
  const what = isPixelCNN(model) ? `an unconditional ${model.kind} (numClasses 0)` : `a ${model.kind}`;
  throw new ModelInputError(
    `classAccuracy: ${what} is not conditional, so there is no class to check. Give a cvae or a pixelcnn trained with numClasses (npm run train -- pixelcnn --class-conditional, or gated-pixelcnn).`,
  );
}

/** Draw `perClass` samples of each class, classify them, and tally the confusion matrix. */
export async function classAccuracy(
  generate: ConditionalGenerator,
  classifier: Classifier,
  { perClass, seed }: ClassAccuracyOptions,
): Promise<ClassAccuracy> {
  if (!Number.isInteger(perClass) || perClass < 1)
    throw new RangeError(`classAccuracy: perClass must be a positive integer, got ${perClass}.`);
  const K = classifier.config.numClasses;
  const labels = Array.from({ length: K * perClass }, (_, i) => Math.floor(i / perClass)); // [0 ×n, 1 ×n, …]
  const x = await generate(labels, deriveSeed(seed, 'class-accuracy')); // [K·n, D]
  let predicted: Int32Array;
  try {
    predicted = classifier.predict(x);
  } finally {
    x.dispose();
  }
  const confusion = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  labels.forEach((c, i) => confusion[c][predicted[i]]++);
  const perClassAccuracy = confusion.map((row, c) => row[c] / perClass);
  const accuracy = confusion.reduce((s, row, c) => s + row[c], 0) / labels.length;
  return { accuracy, perClass: perClassAccuracy, confusion, samplesPerClass: perClass, seed };
}
