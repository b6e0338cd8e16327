/**
 * What every binary autoregressive image model shares (PixelCNN-lite in pixelcnn.ts, the gated
 * PixelCNN in gatedPixelcnn.ts): the chain rule over the D = S² binary pixels in raster order,
 *   p(x | c) = ∏ᵢ p(xᵢ | x₍<ᵢ₎, c),   p(xᵢ = 1 | x₍<ᵢ₎, c) = σ(lᵢ(x₍<ᵢ₎, c))              logits
 * and its exact likelihood, one pass for all D conditionals (teacher forcing):
 *   −log p(x | c) = Σᵢ BCE(xᵢ, lᵢ) = Σᵢ max(lᵢ, 0) − xᵢ lᵢ + log(1 + e^{−|lᵢ|})        nll (losses.ts)
 * A subclass builds its network and gives logitsImage, the logits l on whole images, and reach;
 * sampling (pixelcnnSample.ts) needs no more than that.
 */
import * as tf from '@tensorflow/tfjs';
import { bceWithLogitsPerExample, type LossTensors } from '../losses';
import { ParamStore } from './params';
import {
  checkInput,
  ModelInputError,
  oneHotRows,
  type LossOptions,
  type ModelBatch,
  type ModelKind,
  type TrainableModel,
} from './types';

/** The config fields the shared code reads. */
export interface AutoregressiveConfig {
  /** Input size D = S² (square images). */
  inputDim: number;
  /** Classes K of the condition; 0 = unconditional p(x). */
  numClasses: number;
  /** Seed of the weight initialisation. */
  seed: number;
}

export abstract class BinaryAutoregressive<Config extends AutoregressiveConfig> implements TrainableModel {
  abstract readonly kind: ModelKind;
  readonly config: Config;
  readonly params: ParamStore;
  /** Image side S. */
  readonly side: number;

  /** `name` prefixes error messages ("PixelCNN: …"). */
  protected constructor(
    private readonly name: string,
    config: Config,
  ) {
    this.config = config;
    this.side = Math.round(Math.sqrt(config.inputDim));
    if (this.side * this.side !== config.inputDim)
      throw new RangeError(`${name} needs square images: inputDim ${config.inputDim} is not a square.`);
    this.params = new ParamStore(config.seed);
  }

  /** How far up (rows) and sideways (columns) a logit reads. */
  abstract get reach(): number;

  /** Logits on whole images (any size). x: [B, H, W, 1], c: [B, K] → [B, H, W, 1] */
  abstract logitsImage(x: tf.Tensor4D, c?: tf.Tensor2D): tf.Tensor4D;

  /** l = logits of p(xᵢ = 1 | x₍<ᵢ₎, c) for every pixel at once. x: [B, D] → [B, D] */
  logits(x: tf.Tensor2D, c?: tf.Tensor2D): tf.Tensor2D {
    checkInput(`${this.name}.logits`, x, this.config.inputDim, c, this.config.numClasses || undefined);
    return tf.tidy(() => {
      const image = tf.reshape(x, [-1, this.side, this.side, 1]) as tf.Tensor4D; // [B, S, S, 1]
      return tf.reshape(this.logitsImage(image, c), [-1, this.config.inputDim]) as tf.Tensor2D; // [B, D]
    });
  }

  /** Exact −log p(x | c) in nats per image, for binary x. [B, D] → [B] */
  nll(x: tf.Tensor2D, c?: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => bceWithLogitsPerExample(x, this.logits(x, c)));
  }

  /** Batch mean of the exact NLL; kl is 0 (there is no latent variable). */
  loss(batch: ModelBatch, _options?: LossOptions): LossTensors {
    return tf.tidy(() => {
      const nll = tf.mean(this.nll(batch.x, batch.c)) as tf.Scalar;
      return { reconstruction: nll, kl: tf.scalar(0), total: tf.clone(nll) };
    });
  }

  /** The per-pixel conditional means p(xᵢ = 1 | x₍<ᵢ₎, c) given the true prefix. [B, D] → [B, D] */
  reconstruct(x: tf.Tensor2D, c?: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => tf.sigmoid(this.logits(x, c)));
  }

  /** One-hot rows for labels, checked against K. [n] → [n, K] */
  oneHot(labels: number[]): tf.Tensor2D {
    return oneHotRows(this.name, labels, this.config.numClasses);
  }

  /** c [B, K] as [B, 1, 1, K], to add per-class biases to feature maps; null when unconditional. */
  condition(batch: number, c?: tf.Tensor2D): tf.Tensor4D | null {
    const K = this.config.numClasses;
    if (K === 0) return null;
    if (!c || c.rank !== 2 || c.shape[0] !== batch || c.shape[1] !== K) {
      throw new ModelInputError(
        `${this.name}: expected a one-hot class c of shape [${batch}, ${K}], got ${c ? `[${c.shape}]` : 'nothing'}. Pass batch.c.`,
      );
    }
    return tf.reshape(c, [batch, 1, 1, K]);
  }

  dispose(): void {
    this.params.dispose();
  }
}
