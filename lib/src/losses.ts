/**
 * Losses and likelihood bounds for autoencoders and VAEs.
 *
 * Reconstruction (summed over the D pixels, averaged over the batch of B, as in the lecture):
 *   MSE  = 1/B Σ_b Σ_d (x_bd − x̂_bd)²
 *   BCE  = 1/B Σ_b Σ_d −[x log σ(l) + (1 − x) log(1 − σ(l))]        on logits l
 *
 * VAE with q(z|x) = N(μ, diag σ²) and p(z) = N(0, I):
 *   KL(q ‖ p)      = ½ Σ_j (μ_j² + σ_j² − 1 − log σ_j²)                   klToStdNormal
 *   −ELBO_β        = E_q[−log p(x|z)] + β KL(q ‖ p)                        negativeElbo
 *   ELBO (S-sample) = 1/S Σ_s [log p(x|z_s) + log p(z_s) − log q(z_s|x)]   monteCarloElbo
 *   IWAE_k          = log 1/k Σ_s p(x, z_s)/q(z_s|x) ≤ log p(x)           iwaeBound
 * with ELBO ≤ IWAE_k ≤ IWAE_{k+1} ≤ log p(x) (Burda et al. 2016, "Importance Weighted Autoencoders").
 *
 * Classification, with one-hot labels c and logits l over K classes:
 *   CE = 1/B Σ_b −log softmax(l_b)_{c_b}                                   softmaxCrossEntropy
 *
 * Per-example helpers return shape [B]; the batch losses return scalars.
 */
import * as tf from '@tensorflow/tfjs';

const LOG_2PI = Math.log(2 * Math.PI);

/** Mean squared error summed over pixels, averaged over the batch. x, xHat: [B, D] → scalar. */
export function mse(x: tf.Tensor2D, xHat: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.sum(tf.squaredDifference(x, xHat), 1)));
}

/**
 * Per-example Bernoulli cross-entropy on logits, −log p(x | l), summed over pixels: [B, D] → [B].
 *
 * Naively, with p = σ(l):  −x log p − (1 − x) log(1 − p). Since log σ(l) = −log(1 + e^{−l}) and
 * log(1 − σ(l)) = −l − log(1 + e^{−l}):
 *   −x log σ(l) − (1 − x) log(1 − σ(l)) = l − x l + log(1 + e^{−l}).
 * For l < 0, e^{−l} overflows, so rewrite log(1 + e^{−l}) = −l + log(1 + e^{l}); both cases meet in
 *   max(l, 0) − x l + log(1 + e^{−|l|}),
 * whose exponent is never positive: no overflow, and log1p keeps precision when e^{−|l|} is tiny.
 */
export function bceWithLogitsPerExample(x: tf.Tensor2D, logits: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => bceSum(x, logits) as tf.Tensor1D);
}

/**
 * The sum above, with its gradient in closed form: ∂/∂l = σ(l) − x and ∂/∂x = −l, times the
 * upstream gradient of each example. Autodiff through relu, abs, exp and log1p would take about
 * ten element-wise passes over [B, D] for the same values (up to rounding).
 */
const bceSum = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, logits, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([x, logits]);
  const stable = tf.add(tf.sub(tf.relu(logits), tf.mul(x, logits)), tf.log1p(tf.exp(tf.neg(tf.abs(logits))))); // [B, D]
  return {
    value: tf.sum(stable, 1), // [B]
    gradFunc: (dy: tf.Tensor, [xs, l]: tf.Tensor[]) => {
      const perExample = tf.reshape(dy, [-1, 1]); // [B, 1]
      return [tf.mul(perExample, tf.neg(l)), tf.mul(perExample, tf.sub(tf.sigmoid(l), xs))];
    },
  };
});

/** BCE on logits, summed over pixels, averaged over the batch: [B, D] → scalar. */
export function bceWithLogits(x: tf.Tensor2D, logits: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.mean(bceWithLogitsPerExample(x, logits)));
}

/**
 * Per-example categorical cross-entropy on logits, −Σ_k c_k log softmax(l)_k: [B, K] → [B].
 *
 * log softmax(l)_k = l_k − log Σ_j e^{l_j} = (l_k − m) − log Σ_j e^{l_j − m},  m = max_j l_j,
 * so the largest exponent is 0 and nothing overflows (tf.logSoftmax takes that shift).
 */
export function softmaxCrossEntropyPerExample(c: tf.Tensor2D, logits: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.neg(tf.sum(tf.mul(c, tf.logSoftmax(logits)), 1)) as tf.Tensor1D);
}

/** Categorical cross-entropy on logits, averaged over the batch: [B, K] → scalar. */
export function softmaxCrossEntropy(c: tf.Tensor2D, logits: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.mean(softmaxCrossEntropyPerExample(c, logits)));
}

/**
 * log N(x; μ, diag e^{logVar}) summed over the last axis:
 *   −½ Σ_d [log 2π + logVar_d + (x_d − μ_d)² e^{−logVar_d}].   [..., D] → [...]
 */
export function logNormal(x: tf.Tensor, mean: tf.Tensor, logVar: tf.Tensor | number): tf.Tensor {
  return tf.tidy(() => {
    const lv = typeof logVar === 'number' ? tf.scalar(logVar) : logVar;
    const sq = tf.mul(tf.squaredDifference(x, mean), tf.exp(tf.neg(lv)));
    return tf.mul(-0.5, tf.sum(tf.add(tf.add(sq, lv), LOG_2PI), -1));
  });
}

/** log N(z; 0, I) summed over the last axis: −½ Σ_j (log 2π + z_j²). [..., K] → [...] */
export function logStdNormal(z: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(-0.5, tf.sum(tf.add(tf.square(z), LOG_2PI), -1)));
}

/** Closed-form KL(N(μ, diag σ²) ‖ N(0, I)) = ½ Σ_j (μ_j² + σ_j² − 1 − log σ_j²). [B, K] → [B] */
export function klToStdNormal(zMean: tf.Tensor2D, zLogVar: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const terms = tf.sub(tf.add(tf.square(zMean), tf.exp(zLogVar)), tf.add(zLogVar, 1));
    return tf.mul(0.5, tf.sum(terms, 1)) as tf.Tensor1D;
  });
}

/** Batch-mean loss terms as scalar tensors; `total` is what the optimiser minimises. */
export type LossTensors = {
  reconstruction: tf.Scalar;
  kl: tf.Scalar;
  total: tf.Scalar;
};

/**
 * −ELBO_β = mean_b [rec_b + β kl_b], from per-example reconstruction −log p(x|z) and KL, both [B].
 * β = 1 is the ELBO proper; β > 1 is the β-VAE; β ramped from 0 is KL warm-up.
 */
export function negativeElbo(reconstruction: tf.Tensor1D, kl: tf.Tensor1D, beta = 1): LossTensors {
  return tf.tidy(() => {
    const rec = tf.mean(reconstruction) as tf.Scalar;
    const k = tf.mean(kl) as tf.Scalar;
    return { reconstruction: rec, kl: k, total: tf.add(rec, tf.mul(beta, k)) as tf.Scalar };
  });
}

/**
 * Log importance weights log w_s = log p(x|z_s) + log p(z_s) − log q(z_s|x); all inputs [S, B].
 * Monte-Carlo ELBO = mean over the S samples: [S, B] → [B].
 */
export function monteCarloElbo(logPxGivenZ: tf.Tensor2D, logPz: tf.Tensor2D, logQzGivenX: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.mean(tf.sub(tf.add(logPxGivenZ, logPz), logQzGivenX), 0) as tf.Tensor1D);
}

/**
 * Stable log-mean-exp along `axis`: log 1/k Σ_s e^{a_s} = m + log 1/k Σ_s e^{a_s − m}, m = max_s a_s,
 * so the largest exponent is 0 and nothing overflows even when a_s ≈ −500 (a typical log w).
 */
export function logMeanExp(a: tf.Tensor, axis = 0): tf.Tensor {
  return tf.tidy(() => {
    const m = tf.max(a, axis, true);
    const lme = tf.add(m, tf.log(tf.mean(tf.exp(tf.sub(a, m)), axis, true)));
    return tf.squeeze(lme, [axis]);
  });
}

/** IWAE bound from log importance weights [k, B]: log 1/k Σ_s w_s, per example → [B]. */
export function iwaeBound(logWeights: tf.Tensor2D): tf.Tensor1D {
  return logMeanExp(logWeights, 0) as tf.Tensor1D;
}

/** Bits per dimension of a negative log-likelihood in nats over D dimensions: nll / (D ln 2). */
export function bitsPerDim(nllNats: number, dims: number): number {
  return nllNats / (dims * Math.LN2);
}
