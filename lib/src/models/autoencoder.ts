/**
 * Autoencoder: a deterministic bottleneck (Hinton & Salakhutdinov 2006).
 *
 *   z = f_φ(x)          encoder, 784 → hidden → latentDim            encode
 *   x̂ = g_θ(z)          decoder, latentDim → hidden → 784            decode
 *   L(x) = ℓ(x, g_θ(f_φ(x)))                                          loss
 * with ℓ = BCE on the decoder's logits (x̂ = σ(logits)), or ℓ = MSE on a linear output. A linear
 * autoencoder (no hidden layers, activation 'linear') trained with MSE spans the same subspace as
 * the top-latentDim principal components of the data (Baldi & Hornik 1989).
 *
 * architecture 'conv' replaces the dense stacks by stride-2 convolutions and transposed
 * convolutions (conv.ts) for square images.
 *
 * The encoder alone is a feature extractor: train a new head on `encode(x)` with only the head's
 * variables in the optimiser, and the encoder stays frozen.
 *
 * @example
 *   const ae = new Autoencoder({ latentDim: 2, seed: 42 });
 *   const xHat = ae.reconstruct(x); // [B, 784] in [0, 1]
 */
import * as tf from '@tensorflow/tfjs';
import { bceWithLogits, mse, type LossTensors } from '../losses';
import { applyConvDecoder, applyConvEncoder, convDecoder, convEncoder, type ConvNet } from './conv';
import { mlp, ParamStore, type Activation, type Dense } from './params';
import {
  checkInput,
  configFrom,
  type LossOptions,
  type ModelBatch,
  type ModelKind,
  type TrainableModel,
} from './types';

export interface AutoencoderConfig {
  /** Input size D, the flattened image (28·28 for MNIST). Default 784. */
  inputDim: number;
  /** 'dense' (fully connected) or 'conv' (convolutional, square images). Default 'dense'. */
  architecture: 'dense' | 'conv';
  /** Encoder hidden sizes of the dense architecture; the decoder mirrors them. Default [256]. */
  hidden: number[];
  /** Channels of the conv architecture's stride-2 layers (each halves the side). Default [16, 32]. */
  channels: number[];
  /** Size of the bottleneck z. Default 32. */
  latentDim: number;
  /** Hidden-layer nonlinearity. Default 'relu'. */
  activation: Activation;
  /** 'bce': the decoder emits logits, x̂ = σ(logits); 'mse': a linear output x̂. Default 'bce'. */
  reconstruction: 'bce' | 'mse';
  /** Seed of the weight initialisation. Default 0. */
  seed: number;
}

export const AUTOENCODER_DEFAULTS: AutoencoderConfig = {
  inputDim: 784,
  architecture: 'dense',
  hidden: [256],
  channels: [16, 32],
  latentDim: 32,
  activation: 'relu',
  reconstruction: 'bce',
  seed: 0,
};

export class Autoencoder implements TrainableModel {
  readonly kind: ModelKind = 'ae';
  readonly config: AutoencoderConfig;
  readonly params: ParamStore;
  private readonly encoder: Dense[] | ConvNet;
  private readonly decoder: Dense[] | ConvNet;

  constructor(config: Partial<AutoencoderConfig> = {}) {
    this.config = configFrom(AUTOENCODER_DEFAULTS, config);
    const { inputDim, hidden, channels, latentDim, seed } = this.config;
    this.params = new ParamStore(seed);
    const conv = this.config.architecture === 'conv';
    this.encoder = conv
      ? convEncoder(this.params, inputDim, channels, latentDim)
      : this.params.mlp('encoder', inputDim, [...hidden, latentDim]);
    this.decoder = conv
      ? convDecoder(this.params, latentDim, channels, inputDim)
      : this.params.mlp('decoder', latentDim, [...[...hidden].reverse(), inputDim]);
  }

  /** z = f_φ(x). x: [B, D] → [B, latentDim] */
  encode(x: tf.Tensor2D): tf.Tensor2D {
    checkInput('Autoencoder.encode', x, this.config.inputDim);
    const { activation } = this.config;
    return Array.isArray(this.encoder)
      ? mlp(x, this.encoder, activation)
      : applyConvEncoder(this.encoder, x, activation);
  }

  /** The decoder's raw output: logits for 'bce', x̂ for 'mse'. z: [B, latentDim] → [B, D] */
  decodeRaw(z: tf.Tensor2D): tf.Tensor2D {
    const { activation } = this.config;
    return Array.isArray(this.decoder)
      ? mlp(z, this.decoder, activation)
      : applyConvDecoder(this.decoder, z, activation);
  }

  /** x̂ = g_θ(z), in image space. z: [B, latentDim] → [B, D] */
  decode(z: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const out = this.decodeRaw(z);
      return this.config.reconstruction === 'bce' ? tf.sigmoid(out) : out;
    });
  }

  /** x̂ = g_θ(f_φ(x)). [B, D] → [B, D] */
  reconstruct(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => this.decode(this.encode(x)));
  }

  /** ℓ(target, g_θ(f_φ(input))), batch mean: the AE uses input = target = x. */
  loss(batch: ModelBatch, _options?: LossOptions): LossTensors {
    return this.reconstructionTerms(batch.x, batch.x);
  }

  dispose(): void {
    this.params.dispose();
  }

  /** Loss terms for reconstructing `target` from `input` (the DAE feeds a corrupted input). */
  protected reconstructionTerms(input: tf.Tensor2D, target: tf.Tensor2D): LossTensors {
    return tf.tidy(() => {
      const out = this.decodeRaw(this.encode(input));
      const rec = this.config.reconstruction === 'bce' ? bceWithLogits(target, out) : mse(target, out);
      return { reconstruction: rec, kl: tf.scalar(0), total: tf.clone(rec) };
    });
  }
}
