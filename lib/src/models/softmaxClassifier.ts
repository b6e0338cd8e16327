/**
 * Softmax regression: the small "new head" put on fixed features h — an encoder's codes z, or raw
 * pixels — to measure how linearly readable the classes are from them.
 *
 *   p(c | h) = softmax(h W + b)_c                       W [F, C], b [C]
 *   L(W, b) = −(1/B) Σ_i log p(c_i | h_i)               cross-entropy, minimised with Adam
 * (softmaxCrossEntropy in losses.ts works on logits with the log-sum-exp shift, so it is stable.)
 *
 * Only W and b are trained. The features are plain tensors, so whatever produced them (the
 * Autoencoder's encoder) is a frozen feature extractor.
 *
 * @example
 *   const head = fitSoftmaxClassifier(ae.encode(x), labels, { seed: 42 });
 *   head.accuracy(ae.encode(xTest), testLabels); // fraction correct
 */
import * as tf from '@tensorflow/tfjs';
import { softmaxCrossEntropy } from '../losses';
import { deriveSeed, permutation } from '../seed';
import { accuracyOf, predictClasses } from './classifier';
import { ParamStore, dense, type Dense } from './params';
import { ModelInputError } from './types';

export interface SoftmaxClassifierOptions {
  /** Number of classes C. Default 10. */
  numClasses?: number;
  /** Passes over the data. Default 20. */
  epochs?: number;
  /** Examples per step. Default 128. */
  batchSize?: number;
  /** Adam step size. Default 0.01. */
  learningRate?: number;
  /** Seed of the initialisation and shuffling. Default 0. */
  seed?: number;
}

export class SoftmaxClassifier {
  readonly params: ParamStore;
  readonly layer: Dense;

  constructor(
    readonly featureDim: number,
    readonly numClasses: number,
    seed: number,
  ) {
    this.params = new ParamStore(seed);
    this.layer = this.params.dense('head', featureDim, numClasses);
  }

  /** Logits h W + b. h: [B, F] → [B, C] */
  logits(h: tf.Tensor2D): tf.Tensor2D {
    if (h.rank !== 2 || h.shape[1] !== this.featureDim) {
      throw new ModelInputError(
        `SoftmaxClassifier: expected features of shape [B, ${this.featureDim}], got [${h.shape}]. Use the features it was trained on.`,
      );
    }
    return dense(h, this.layer);
  }

  /** argmax_c p(c | h) for each row. [B, F] → [B] */
  predict(h: tf.Tensor2D): Int32Array {
    return predictClasses(() => this.logits(h));
  }

  /** Fraction of rows whose prediction equals the label. */
  accuracy(h: tf.Tensor2D, labels: ArrayLike<number>): number {
    return accuracyOf(this.predict(h), labels);
  }

  dispose(): void {
    this.params.dispose();
  }
}

/** Train a SoftmaxClassifier on features h [N, F] with integer labels [N] in 0..C−1. */
export function fitSoftmaxClassifier(
  h: tf.Tensor2D,
  labels: ArrayLike<number>,
  options: SoftmaxClassifierOptions = {},
): SoftmaxClassifier {
  const { numClasses = 10, epochs = 20, batchSize = 128, learningRate = 0.01, seed = 0 } = options;
  const n = h.shape[0];
  if (labels.length !== n)
    throw new ModelInputError(
      `fitSoftmaxClassifier: ${n} feature rows but ${labels.length} labels; pass one label per row.`,
    );
  const head = new SoftmaxClassifier(h.shape[1], numClasses, seed);
  const optimizer = tf.train.adam(learningRate);
  const oneHot = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from(labels), 'int32'), numClasses)); // [N, C]
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      const order = permutation(n, deriveSeed(seed, 'shuffle', epoch));
      for (let start = 0; start < n; start += batchSize) {
        const rows = tf.tensor1d(Array.from(order.slice(start, start + batchSize)), 'int32');
        tf.tidy(() => {
          const hb = tf.gather(h, rows) as tf.Tensor2D; // [B, F]
          const yb = tf.gather(oneHot, rows); // [B, C]
          optimizer.minimize(() => softmaxCrossEntropy(yb as tf.Tensor2D, head.logits(hb)), false, head.params.list());
        });
        rows.dispose();
      }
    }
  } finally {
    oneHot.dispose();
    optimizer.dispose();
  }
  return head;
}
