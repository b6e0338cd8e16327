/**
 * Test-set figures of a classifier, averaged over the N examples (not batches):
 *
 *   crossEntropy = 1/N Σ_n −log p(c_n | x_n)          the model's loss (evaluateLoss)
 *   accuracy     = 1/N Σ_n 1[argmax_k p(k | x_n) = c_n]
 *
 * Image sets are read with the given binarization, so the same classifier can be scored on grey
 * levels and on a fixed stochastic binarization (what binary samples look like).
 */
import * as tf from '@tensorflow/tfjs';
import type { Classifier } from '../models/classifier';
import { evaluateLoss, type EvaluateOptions } from './evaluate';
import { batchesOf, exampleCount, type TrainData } from './source';

export interface ClassifierEvaluation {
  examples: number;
  /** Mean −log p(c | x), nats. */
  crossEntropy: number;
  /** Fraction classified correctly. */
  accuracy: number;
}

/** Cross-entropy and accuracy of `model` on labelled data (batches must carry c). */
export async function evaluateClassifier(
  model: Classifier,
  data: TrainData,
  options: EvaluateOptions = {},
): Promise<ClassifierEvaluation> {
  const { batchSize = 256, seed = 0, binarize = 'none' } = options;
  const loss = await evaluateLoss(model, data, { batchSize, seed, binarize }); // throws if the data has no labels
  let correct = 0;
  for (const { x, c } of batchesOf(data, { batchSize, seed, shuffle: false, binarize })) {
    const hits = tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(model.logits(x), 1), tf.argMax(c!, 1)), 'int32')));
    correct += (await hits.data())[0];
    hits.dispose();
  }
  const examples = exampleCount(data);
  return { examples, crossEntropy: loss.total, accuracy: correct / examples };
}
