/**
 * Variational autoencoder (Kingma & Welling 2014, "Auto-Encoding Variational Bayes").
 *
 *   q_φ(z|x) = N(z; μ_φ(x), diag σ²_φ(x))      encoder → zMean, zLogVar = log σ²         encode
 *   z = μ + σ ⊙ ε,  ε ~ N(0, I)                 the reparameterisation trick              reparameterize
 *   p_θ(x|z) = Bernoulli(σ(logits_θ(z)))  or  N(x; mean_θ(z), diag s²)                    decodeRaw
 *   p(z) = N(0, I)                                                                         sample
 *   −ELBO_β(x) = E_q[−log p_θ(x|z)] + β KL(q_φ(z|x) ‖ p(z))                               loss
 *   log p(x) ≥ IWAE_k(x) ≥ ELBO(x)                                                         iwae, elbo
 *
 * The Gaussian decoder's variance s² is 1 ('unit') or a learned per-pixel log s² ('learned').
 *
 * Clamp: zLogVar (and a learned decoder log-variance) are clipped to [logVarMin, logVarMax] =
 * [−10, 10] by default, i.e. σ ∈ [0.0067, 148]. Without it one bad step can drive log σ² to ±∞:
 * exp overflows float32, the KL becomes Inf and training dies with NaN. Inside the range the clamp
 * changes nothing; outside it its gradient is 0, so the optimiser cannot push further.
 *
 * The conditional VAE (cvae.ts) is this model with a one-hot class c appended to the encoder and
 * decoder inputs; the methods take `c` for it and ignore it otherwise.
 *
 * @example
 *   const vae = new VAE({ latentDim: 2, seed: 42 });
 *   const { zMean, zLogVar } = vae.encode(x);
 *   const images = vae.sample(16, { seed: 7 }); // [16, 784] in [0, 1]
 */
import * as tf from '@tensorflow/tfjs';
import {
  bceWithLogitsPerExample,
  iwaeBound,
  klToStdNormal,
  logNormal,
  logStdNormal,
  monteCarloElbo,
  negativeElbo,
  type LossTensors,
} from '../losses';
import { deriveSeed, tfSeed } from '../seed';
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

export interface VAEConfig {
  /** Input size D (28·28 for MNIST). Default 784. */
  inputDim: number;
  /** Encoder hidden sizes; the decoder mirrors them. Default [400]. */
  hidden: number[];
  /** Latent size K. Default 20. */
  latentDim: number;
  /** Hidden-layer nonlinearity. Default 'relu'. */
  activation: Activation;
  /** p(x|z): 'bernoulli' (logits) or 'gaussian'. Default 'bernoulli'. */
  decoder: 'bernoulli' | 'gaussian';
  /** Gaussian decoder variance: 'unit' (s² = 1) or 'learned' (per pixel). Default 'unit'. */
  decoderVariance: 'unit' | 'learned';
  /** KL weight β of the loss. Default 1. */
  beta: number;
  /** Clamp range of log-variances (see the module comment). Default −10 and 10. */
  logVarMin: number;
  logVarMax: number;
  /** Seed of the weight initialisation. Default 0. */
  seed: number;
}

export const VAE_DEFAULTS: VAEConfig = {
  inputDim: 784,
  hidden: [400],
  latentDim: 20,
  activation: 'relu',
  decoder: 'bernoulli',
  decoderVariance: 'unit',
  beta: 1,
  logVarMin: -10,
  logVarMax: 10,
  seed: 0,
};

/** Where the noise ε comes from: a seed, or the noise tensor itself ([B, K], like zMean). */
export type NoiseSource = { seed: number } | { noise: tf.Tensor };

/** z = μ + σ ⊙ ε with σ = exp(½ zLogVar). zMean, zLogVar: [B, K] → [B, K] */
export function reparameterize(zMean: tf.Tensor2D, zLogVar: tf.Tensor2D, source: NoiseSource): tf.Tensor2D {
  return tf.tidy(() => {
    const eps = 'noise' in source ? source.noise : tf.randomNormal(zMean.shape, 0, 1, 'float32', tfSeed(source.seed));
    return tf.add(zMean, tf.mul(tf.exp(tf.mul(0.5, zLogVar)), eps));
  });
}

export type Posterior = {
  zMean: tf.Tensor2D; // [B, K]
  zLogVar: tf.Tensor2D; // [B, K], clamped
};

export class VAE implements TrainableModel {
  readonly kind: ModelKind = 'vae';
  readonly config: VAEConfig;
  readonly params: ParamStore;
  /** Size of the one-hot condition (0 for the plain VAE). */
  protected readonly numClasses: number;
  private readonly encoder: Dense[];
  private readonly decoder: Dense[];
  private readonly decoderLogVar: tf.Variable | null;

  constructor(config: Partial<VAEConfig> = {}, numClasses = 0) {
    this.config = configFrom(VAE_DEFAULTS, config);
    this.numClasses = numClasses;
    const { inputDim, hidden, latentDim, seed } = this.config;
    this.params = new ParamStore(seed);
    // the encoder's last layer emits [zMean, zLogVar] side by side: 2K outputs
    this.encoder = this.params.mlp('encoder', inputDim + numClasses, [...hidden, 2 * latentDim]);
    this.decoder = this.params.mlp('decoder', latentDim + numClasses, [...[...hidden].reverse(), inputDim]);
    this.decoderLogVar = this.hasLearnedVariance() ? this.params.constant('decoder/logVar', [inputDim], 0) : null;
  }

  /** q(z|x[, c]) = N(zMean, exp(zLogVar)). x: [B, D] → two [B, K] */
  encode(x: tf.Tensor2D, c?: tf.Tensor2D): Posterior {
    this.check('encode', x, c);
    const [zMean, zLogVar] = tf.tidy(() => {
      const h = mlp(this.withCondition(x, c), this.encoder, this.config.activation); // [B, 2K]
      const [mean, logVar] = tf.split(h, 2, 1); // [B, K] each
      return [mean, this.clampLogVar(logVar)];
    }) as tf.Tensor2D[];
    return { zMean, zLogVar };
  }

  /** Decoder output: logits (Bernoulli) or mean (Gaussian). z: [B, K] → [B, D] */
  decodeRaw(z: tf.Tensor2D, c?: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => mlp(this.withCondition(z, c), this.decoder, this.config.activation));
  }

  /** The mean of p(x|z[, c]) in image space: σ(logits) or the Gaussian mean. [B, K] → [B, D] */
  decode(z: tf.Tensor2D, c?: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const out = this.decodeRaw(z, c);
      return this.config.decoder === 'bernoulli' ? tf.sigmoid(out) : out;
    });
  }

  /** Decode the posterior mean: x̂ = E[x | z = zMean]. [B, D] → [B, D] */
  reconstruct(x: tf.Tensor2D, c?: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => this.decode(this.encode(x, c).zMean, c));
  }

  /** log p_θ(x | decoder output), summed over pixels. x, out: [N, D] → [N] */
  logPxGivenZ(x: tf.Tensor2D, decoderOut: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => {
      if (this.config.decoder === 'bernoulli') return tf.neg(bceWithLogitsPerExample(x, decoderOut));
      const logVar = this.decoderLogVar ? this.clampLogVar(this.decoderLogVar) : 0;
      return logNormal(x, decoderOut, logVar) as tf.Tensor1D;
    });
  }

  /** −ELBO_β on a batch with one reparameterised sample per example. */
  loss(batch: ModelBatch, { seed, beta = this.config.beta }: LossOptions): LossTensors {
    return tf.tidy(() => {
      const { x, c } = batch;
      const { zMean, zLogVar } = this.encode(x, c);
      const z = reparameterize(zMean, zLogVar, { seed });
      const rec = tf.neg(this.logPxGivenZ(x, this.decodeRaw(z, c))) as tf.Tensor1D; // [B]
      return negativeElbo(rec, klToStdNormal(zMean, zLogVar), beta);
    });
  }

  /**
   * Log importance weights log w_s = log p(x|z_s) + log p(z_s) − log q(z_s|x), z_s ~ q(z|x).
   * x: [B, D] → [k, B]
   */
  logWeights(
    x: tf.Tensor2D,
    k: number,
    seed: number,
    c?: tf.Tensor2D,
  ): { logPxGivenZ: tf.Tensor2D; logPz: tf.Tensor2D; logQz: tf.Tensor2D } {
    return tf.tidy(() => {
      const B = x.shape[0];
      const { zMean, zLogVar } = this.encode(x, c);
      const tileK = (t: tf.Tensor2D) =>
        tf.reshape(tf.tile(tf.expandDims(t, 0), [k, 1, 1]), [k * B, t.shape[1]]) as tf.Tensor2D; // [k·B, ·]
      const mean = tileK(zMean);
      const logVar = tileK(zLogVar);
      const z = reparameterize(mean, logVar, { seed }); // [k·B, K]
      const out = this.decodeRaw(z, c ? tileK(c) : undefined); // [k·B, D]
      const asKB = (t: tf.Tensor) => tf.reshape(t, [k, B]) as tf.Tensor2D;
      return {
        logPxGivenZ: asKB(this.logPxGivenZ(tileK(x), out)),
        logPz: asKB(logStdNormal(z)),
        logQz: asKB(logNormal(z, mean, logVar)),
      };
    }) as { logPxGivenZ: tf.Tensor2D; logPz: tf.Tensor2D; logQz: tf.Tensor2D };
  }

  /** Monte-Carlo ELBO with `samples` draws per example. x: [B, D] → [B] */
  elbo(x: tf.Tensor2D, { samples = 1, seed, c }: { samples?: number; seed: number; c?: tf.Tensor2D }): tf.Tensor1D {
    return tf.tidy(() => {
      const w = this.logWeights(x, samples, seed, c);
      return monteCarloElbo(w.logPxGivenZ, w.logPz, w.logQz);
    });
  }

  /** IWAE estimate of log p(x) with k importance samples. x: [B, D] → [B] */
  iwae(x: tf.Tensor2D, { k, seed, c }: { k: number; seed: number; c?: tf.Tensor2D }): tf.Tensor1D {
    return tf.tidy(() => {
      const w = this.logWeights(x, k, seed, c);
      return iwaeBound(tf.sub(tf.add(w.logPxGivenZ, w.logPz), w.logQz) as tf.Tensor2D);
    });
  }

  /** n images from the model: z ~ N(0, I), x = E[x|z]. → [n, D] */
  sample(n: number, { seed }: { seed: number }): tf.Tensor2D {
    return this.sampleWith(n, seed);
  }

  dispose(): void {
    this.params.dispose();
  }

  protected sampleWith(n: number, seed: number, c?: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() =>
      this.decode(tf.randomNormal([n, this.config.latentDim], 0, 1, 'float32', deriveSeed(seed, 'prior')), c),
    );
  }

  private check(method: string, x: tf.Tensor2D, c?: tf.Tensor2D): void {
    const name = `${this.numClasses ? 'ConditionalVAE' : 'VAE'}.${method}`;
    checkInput(name, x, this.config.inputDim, c, this.numClasses || undefined);
  }

  /** [x, c] concatenated along features when conditional. [B, F] → [B, F + C] */
  private withCondition(t: tf.Tensor2D, c?: tf.Tensor2D): tf.Tensor2D {
    if (!this.numClasses) return t;
    if (!c)
      throw new ModelInputError(
        `ConditionalVAE: a one-hot class c of shape [${t.shape[0]}, ${this.numClasses}] is required; got nothing.`,
      );
    return tf.concat([t, c], 1);
  }

  private clampLogVar(logVar: tf.Tensor): tf.Tensor {
    return tf.clipByValue(logVar, this.config.logVarMin, this.config.logVarMax);
  }

  private hasLearnedVariance(): boolean {
    return this.config.decoder === 'gaussian' && this.config.decoderVariance === 'learned';
  }
}
