/**
 * Corruption processes for the denoising autoencoder, x̃ ~ q(x̃ | x) (Vincent et al. 2008, 2010).
 * Inputs are [B, D] in [0, 1]; each function is pure and seeded, and returns a new tensor.
 *
 *   gaussian         x̃ = clip(x + σ ε, 0, 1),  ε ~ N(0, I)             parameter: std σ ≥ 0
 *   masking          x̃_j = 0 with probability ν, else x_j                parameter: fraction ν ∈ [0, 1]
 *   salt-and-pepper  x̃_j = 0 w.p. ν/2, 1 w.p. ν/2, else x_j            parameter: fraction ν ∈ [0, 1]
 *
 * @example
 *   const noisy = corrupt(x, { kind: 'masking', fraction: 0.25 }, SEED);
 */
import * as tf from '@tensorflow/tfjs';
import { tfSeed } from '../seed';

export type Corruption =
  | { kind: 'gaussian'; std: number }
  | { kind: 'masking'; fraction: number }
  | { kind: 'salt-and-pepper'; fraction: number };

/** Additive Gaussian noise of standard deviation `std`, clipped to [0, 1]. */
export function gaussianNoise(x: tf.Tensor2D, options: { std: number; seed: number }): tf.Tensor2D {
  const { std, seed } = options;
  if (!(std >= 0)) throw new RangeError(`gaussianNoise: std must be ≥ 0, got ${std}.`);
  return tf.tidy(
    () => x.add(tf.randomNormal(x.shape, 0, std, 'float32', tfSeed(seed))).clipByValue(0, 1) as tf.Tensor2D,
  );
}

/** Zero each pixel independently with probability `fraction`. */
export function maskingNoise(x: tf.Tensor2D, options: { fraction: number; seed: number }): tf.Tensor2D {
  const { fraction, seed } = options;
  checkFraction('maskingNoise', fraction);
  return tf.tidy(() => {
    const keep = tf.randomUniform(x.shape, 0, 1, 'float32', tfSeed(seed)).greaterEqual(fraction); // [B, D] bool
    return x.mul(keep.toFloat());
  });
}

/** Set each pixel to 0 (pepper) or 1 (salt) with probability fraction/2 each. */
export function saltAndPepper(x: tf.Tensor2D, options: { fraction: number; seed: number }): tf.Tensor2D {
  const { fraction, seed } = options;
  checkFraction('saltAndPepper', fraction);
  return tf.tidy(() => {
    const u = tf.randomUniform(x.shape, 0, 1, 'float32', tfSeed(seed)); // [B, D]
    const pepper = u.less(fraction / 2);
    const salt = u.greaterEqual(fraction / 2).logicalAnd(u.less(fraction));
    return tf.where(pepper, tf.zerosLike(x), tf.where(salt, tf.onesLike(x), x)) as tf.Tensor2D;
  });
}

/** Apply a corruption described as data (handy for configs and notebook sliders). */
export function corrupt(x: tf.Tensor2D, corruption: Corruption, seed: number): tf.Tensor2D {
  switch (corruption.kind) {
    case 'gaussian':
      return gaussianNoise(x, { std: corruption.std, seed });
    case 'masking':
      return maskingNoise(x, { fraction: corruption.fraction, seed });
    case 'salt-and-pepper':
      return saltAndPepper(x, { fraction: corruption.fraction, seed });
    default:
      throw new RangeError(
        `corrupt: unknown kind "${(corruption as { kind: string }).kind}". Use gaussian, masking or salt-and-pepper.`,
      );
  }
}

function checkFraction(fn: string, fraction: number): void {
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`${fn}: fraction must be in [0, 1], got ${fraction}.`);
}
