/**
 * Conditional VAE (Sohn, Lee & Yan 2015, "Learning Structured Output Representation using Deep
 * Conditional Generative Models").
 *
 *   q_φ(z | x, c) = N(z; μ_φ([x, c]), diag σ²_φ([x, c]))     encoder on x with the one-hot c appended
 *   p_θ(x | z, c)                                            decoder on [z, c]
 *   p(z) = N(0, I)                                           the prior does not depend on c
 *   −ELBO_β(x, c) = E_q[−log p_θ(x|z,c)] + β KL(q_φ(z|x,c) ‖ p(z))
 *
 * Generating a chosen class: z ~ N(0, I), x = E[x | z, c]. Keeping z = zMean(x, c) and swapping c
 * keeps the style of x and changes its label.
 *
 * @example
 *   const cvae = new ConditionalVAE({ numClasses: 10, latentDim: 2, seed: 42 });
 *   const sevens = cvae.sample(16, { seed: 1, label: 7 }); // [16, 784]
 */
import * as tf from '@tensorflow/tfjs';
import { VAE, VAE_DEFAULTS, type VAEConfig } from './vae';
import { configFrom, ModelInputError, oneHotRows, type ModelKind } from './types';

export interface ConditionalVAEConfig extends VAEConfig {
  /** Number of classes C of the one-hot condition. Default 10. */
  numClasses: number;
}

export const CVAE_DEFAULTS: ConditionalVAEConfig = { ...VAE_DEFAULTS, numClasses: 10 };

export class ConditionalVAE extends VAE {
  override readonly kind: ModelKind = 'cvae';
  declare readonly config: ConditionalVAEConfig;

  constructor(config: Partial<ConditionalVAEConfig> = {}) {
    const full = configFrom(CVAE_DEFAULTS, config);
    super(full, full.numClasses);
    this.config = full; // VAE keeps its own fields; the condition's size is ours
  }

  /** One-hot rows for the given labels. [n] → [n, C] */
  oneHot(labels: number[]): tf.Tensor2D {
    return oneHotRows('ConditionalVAE', labels, this.numClasses);
  }

  /**
   * n images from p(x | z, c), z ~ N(0, I). `label`: one class for all, one per sample, or (default)
   * the classes in turn 0, 1, …, C−1, 0, … → [n, D]
   */
  override sample(n: number, { seed, label }: { seed: number; label?: number | number[] }): tf.Tensor2D {
    const labels = labelsFor(n, this.numClasses, label);
    return tf.tidy(() => this.sampleWith(n, seed, this.oneHot(labels)));
  }
}

function labelsFor(n: number, numClasses: number, label?: number | number[]): number[] {
  if (Array.isArray(label)) {
    if (label.length !== n)
      throw new ModelInputError(
        `ConditionalVAE.sample: ${label.length} labels given for ${n} samples; give one per sample or a single class.`,
      );
    return label;
  }
  return Array.from({ length: n }, (_, i) => (label === undefined ? i % numClasses : label));
}
