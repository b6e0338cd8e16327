/**
 * Digit classifier: an MLP giving p(c | x), trained by maximum likelihood on labelled images. It is
 * the judge of conditional generators: do samples of p(x | c) look like class c to it?
 *
 *   l = MLP_θ(x)                          784 → 512 → 256 → K, ReLU, last layer linear     logits
 *   p(c | x) = softmax(l)_c = e^{l_c} / Σ_k e^{l_k}
 *   ĉ(x) = argmax_c p(c | x)                                                              predict
 *   L(θ) = 1/B Σ_b −log p(c_b | x_b)      categorical cross-entropy (losses.ts)             loss
 * The loss's `reconstruction` term is that cross-entropy, `kl` is 0, `total` equals it, so the
 * training loop, checkpoints and progress bars treat the classifier like any other model.
 *
 * SoftmaxClassifier (softmaxClassifier.ts) is the other classifier: a linear head on frozen
 * features. Both share softmaxCrossEntropy, predictClasses and accuracyOf.
 *
 * @example
 *   const clf = new Classifier({ seed: 42 });
 *   await fit(clf, train, { epochs: 10 }); // batches carry the one-hot labels c
 *   clf.accuracy(xTest, testLabels); // fraction correct, ≈ 0.98 on MNIST
 */
import * as tf from '@tensorflow/tfjs';
import { softmaxCrossEntropy, type LossTensors } from '../losses';
import { mlp, ParamStore, type Activation, type Dense } from './params';
import {
  checkInput,
  configFrom,
  ModelInputError,
  type LossOptions,
  type ModelBatch,
  type ModelKind,
  type TrainableModel,
} from './types';

export interface ClassifierConfig {
  /** Input size D, the flattened image (28·28 for MNIST). Default 784. */
  inputDim: number;
  /** Hidden layer sizes. Default [512, 256]. */
  hidden: number[];
  /** Number of classes K. Default 10. */
  numClasses: number;
  /** Hidden-layer nonlinearity. Default 'relu'. */
  activation: Activation;
  /** Seed of the weight initialisation. Default 0. */
  seed: number;
}

export const CLASSIFIER_DEFAULTS: ClassifierConfig = {
  inputDim: 784,
  hidden: [512, 256],
  numClasses: 10,
  activation: 'relu',
  seed: 0,
};

export class Classifier implements TrainableModel {
  readonly kind: ModelKind = 'classifier';
  readonly config: ClassifierConfig;
  readonly params: ParamStore;
  private readonly layers: Dense[];

  constructor(config: Partial<ClassifierConfig> = {}) {
    const c = configFrom(CLASSIFIER_DEFAULTS, config);
    // only the classifier's own fields, so a shared config (e.g. from a registry) stores nothing foreign
    this.config = {
      inputDim: c.inputDim,
      hidden: c.hidden,
      numClasses: c.numClasses,
      activation: c.activation,
      seed: c.seed,
    };
    this.params = new ParamStore(this.config.seed);
    this.layers = this.params.mlp('classifier', this.config.inputDim, [...this.config.hidden, this.config.numClasses]);
  }

  /** l = MLP_θ(x). x: [B, D] → [B, K] */
  logits(x: tf.Tensor2D): tf.Tensor2D {
    checkInput('Classifier.logits', x, this.config.inputDim);
    return mlp(x, this.layers, this.config.activation);
  }

  /** ĉ = argmax_c p(c | x) for each row. [B, D] → [B] */
  predict(x: tf.Tensor2D): Int32Array {
    return predictClasses(() => this.logits(x));
  }

  /** Fraction of rows of x whose prediction equals the label. */
  accuracy(x: tf.Tensor2D, labels: ArrayLike<number>): number {
    return accuracyOf(this.predict(x), labels);
  }

  /** Mean cross-entropy −log p(c | x) over the batch; needs the one-hot labels batch.c [B, K]. */
  loss(batch: ModelBatch, _options?: LossOptions): LossTensors {
    const { x, c } = batch;
    if (!c)
      throw new ModelInputError(
        'Classifier.loss: the batch has no labels c. A classifier trains on labelled data: give batches with c [B, K] one-hot (image sets and { x, c } tensor data do).',
      );
    checkInput('Classifier.loss', x, this.config.inputDim, c, this.config.numClasses);
    return tf.tidy(() => {
      const ce = softmaxCrossEntropy(c, this.logits(x));
      return { reconstruction: ce, kl: tf.scalar(0), total: tf.clone(ce) };
    });
  }

  /** A classifier maps images to classes, not to images: there is nothing to reconstruct. */
  reconstruct(_x: tf.Tensor2D, _c?: tf.Tensor2D): tf.Tensor2D {
    throw new ModelInputError(
      'Classifier: a classifier does not reconstruct images. Use logits(x), predict(x) or accuracy(x, labels); evaluate it with evaluateClassifier.',
    );
  }

  dispose(): void {
    this.params.dispose();
  }
}

/** argmax over the last axis of the logits `f` makes, read back; nothing is kept. f: () → [B, K], → [B] */
export function predictClasses(f: () => tf.Tensor2D): Int32Array {
  const t = tf.tidy(() => tf.argMax(f(), 1));
  const out = t.dataSync() as Int32Array;
  t.dispose();
  return out;
}

/** Fraction of predictions equal to their label. */
export function accuracyOf(predicted: ArrayLike<number>, labels: ArrayLike<number>): number {
  if (predicted.length !== labels.length)
    throw new ModelInputError(
      `accuracy: ${predicted.length} predictions but ${labels.length} labels; give one label per row.`,
    );
  let correct = 0;
  for (let i = 0; i < predicted.length; i++) if (predicted[i] === labels[i]) correct++;
  return correct / predicted.length;
}
