/**
 * Denoising autoencoder (Vincent et al. 2008, "Extracting and Composing Robust Features with
 * Denoising Autoencoders").
 *
 *   x̃ ~ C(x̃ | x)                    corruption: Gaussian noise, masking or salt-and-pepper (data layer)
 *   L(x) = ℓ(x, g_θ(f_φ(x̃)))        the reconstruction of the corrupted input is compared with the CLEAN x
 *
 * Corruption happens only in `loss` (training): `encode`, `decode` and `reconstruct` take whatever
 * input they are given, so at test time one passes a noisy image and gets a cleaned one.
 *
 * @example
 *   const dae = new DenoisingAutoencoder({ corruption: { kind: 'masking', fraction: 0.5 }, seed: 42 });
 *   const cleaned = dae.reconstruct(corrupt(x, { kind: 'masking', fraction: 0.5 }, 7));
 */
import * as tf from '@tensorflow/tfjs';
import { corrupt, type Corruption } from '../data';
import type { LossTensors } from '../losses';
import { deriveSeed } from '../seed';
import { Autoencoder, AUTOENCODER_DEFAULTS, type AutoencoderConfig } from './autoencoder';
import { configFrom, type LossOptions, type ModelBatch, type ModelKind } from './types';

export interface DenoisingAutoencoderConfig extends AutoencoderConfig {
  /** The training corruption C(x̃ | x). Default Gaussian noise with std 0.3 (clipped to [0, 1]). */
  corruption: Corruption;
}

export const DENOISING_DEFAULTS: DenoisingAutoencoderConfig = {
  ...AUTOENCODER_DEFAULTS,
  corruption: { kind: 'gaussian', std: 0.3 },
};

export class DenoisingAutoencoder extends Autoencoder {
  override readonly kind: ModelKind = 'dae';
  declare readonly config: DenoisingAutoencoderConfig;

  constructor(config: Partial<DenoisingAutoencoderConfig> = {}) {
    const full = configFrom(DENOISING_DEFAULTS, config);
    super(full);
    this.config = full; // Autoencoder keeps its own fields; the corruption is ours
  }

  /** ℓ(x, g(f(x̃))) with a fresh corruption x̃ of the batch, seeded by the step's seed. */
  override loss(batch: ModelBatch, { seed }: LossOptions): LossTensors {
    return tf.tidy(() => {
      const noisy = corrupt(batch.x, this.config.corruption, deriveSeed(seed, 'corruption'));
      return this.reconstructionTerms(noisy, batch.x);
    });
  }
}
