/**
 * Restricted Boltzmann machine (Smolensky 1986; Hinton 2002, "Training Products of Experts by
 * Minimizing Contrastive Divergence"; Hinton 2010, "A Practical Guide to Training RBMs").
 *
 * Binary visible units v ∈ {0,1}^V and hidden units h ∈ {0,1}^H on a bipartite graph: every v_i
 * is joined to every h_j, and there are no edges within a layer.
 *
 *   E(v, h) = −aᵀv − bᵀh − vᵀWh                                   energy
 *   p(v, h) = e^{−E(v,h)} / Z,   Z = Σ_{v,h} e^{−E(v,h)}
 *
 * Given v, the energy is a sum of one term per hidden unit, −h_j (b_j + vᵀW_{:,j}), because no
 * edge joins two hidden units. So the conditional factorises, and likewise given h:
 *
 *   p(h_j = 1 | v) = σ(b_j + vᵀW_{:,j}),   p(v_i = 1 | h) = σ(a_i + W_{i,:} h)
 *                                                      hiddenGivenVisible, visibleGivenHidden
 *   F(v) = −log Σ_h e^{−E(v,h)} = −aᵀv − Σ_j softplus(b_j + vᵀW_{:,j})          freeEnergy
 *   p(v) = e^{−F(v)} / Z,   log Z = logsumexp_v(−F(v)), or the same sum over h  logProb, logPartition
 *
 * log Z sums 2^min(V, H) terms: exact for the toy models of lecture 03, hopeless for real images.
 *
 * Block Gibbs sampling draws the whole layer h ~ p(h|v) at once, then v ~ p(v|h), and so on    gibbs
 * (possible only because each conditional factorises). The gradient of the log-likelihood is
 *
 *   ∂ log p(v) / ∂W = E_{p(h|v)}[v hᵀ] − E_{p(v',h)}[v' hᵀ]      (data term − model term)
 *
 * and the model term needs samples from p itself. Contrastive divergence (CD-k) replaces it by
 * the end of a k-step Gibbs chain started at the data, v⁽⁰⁾ = v → … → v⁽ᵏ⁾:                  cdGradients
 *
 *   ΔW ∝ v⁽⁰⁾ p(h|v⁽⁰⁾)ᵀ − v⁽ᵏ⁾ p(h|v⁽ᵏ⁾)ᵀ,   Δa ∝ v⁽⁰⁾ − v⁽ᵏ⁾,   Δb ∝ p(h|v⁽⁰⁾) − p(h|v⁽ᵏ⁾)
 *
 * (batch means; hidden probabilities instead of samples in the statistics, Hinton 2010 §3).
 *
 * @example
 *   const rbm = new RBM({ visible: 9, hidden: 8, seed: 42 });
 *   rbm.fitCD(tf.tensor2d(barsAndStripes(3)), { epochs: 500, seed: 1 });
 *   rbm.logProb(tf.tensor2d(barsAndStripes(3))); // [14] exact log p(v)
 */
import * as tf from '@tensorflow/tfjs';
import { deriveSeed, permutation, tfSeed } from '../seed';
import { ParamStore } from './params';
import { configFrom } from './types';

export interface RBMConfig {
  /** Number of visible units V. */
  visible: number;
  /** Number of hidden units H. */
  hidden: number;
  /** Standard deviation of the initial weights W ~ N(0, initStd²); biases start at 0. Default 0.1. */
  initStd: number;
  /** Seed of the weight initialisation. Default 0. */
  seed: number;
}

export const RBM_DEFAULTS: Omit<RBMConfig, 'visible' | 'hidden'> = { initStd: 0.1, seed: 0 };

export interface CDOptions {
  /** Gibbs steps k of CD-k. Default 1. */
  k?: number;
  /** Seed of the chain's Bernoulli draws. */
  seed: number;
}

export interface FitCDOptions {
  /** Passes over the data. Default 100. */
  epochs?: number;
  /** Examples per step. Default 16. */
  batchSize?: number;
  /** Step size of plain gradient ascent. Default 0.1. */
  learningRate?: number;
  /** Gibbs steps k of CD-k. Default 1. */
  k?: number;
  /** Seed of shuffling and of every chain. */
  seed: number;
  /** Called after every epoch (e.g. to record the exact log-likelihood). */
  onEpoch?: (epoch: number) => void;
}

/** The CD-k estimate of ∂ log p / ∂θ, batch-averaged, for each parameter. */
export interface RBMGradients {
  a: tf.Tensor1D; // [V]
  b: tf.Tensor1D; // [H]
  W: tf.Tensor2D; // [V, H]
}

/** Every binary vector of length n, as rows: [2ⁿ, n], row s holding the bits of s (most significant first). */
export function allBinaryStates(n: number): tf.Tensor2D {
  if (n > 20)
    throw new RangeError(
      `allBinaryStates: 2^${n} states are too many to enumerate; keep the smaller RBM layer at 20 units or fewer.`,
    );
  const bits = new Float32Array(2 ** n * n);
  for (let s = 0; s < 2 ** n; s++) for (let i = 0; i < n; i++) bits[s * n + i] = (s >> (n - 1 - i)) & 1;
  return tf.tensor2d(bits, [2 ** n, n]);
}

export class RBM {
  readonly config: RBMConfig;
  readonly params: ParamStore;
  readonly a: tf.Variable; // [V] visible biases
  readonly b: tf.Variable; // [H] hidden biases
  readonly W: tf.Variable; // [V, H]

  constructor(config: Pick<RBMConfig, 'visible' | 'hidden'> & Partial<RBMConfig>) {
    this.config = { visible: config.visible, hidden: config.hidden, ...configFrom(RBM_DEFAULTS, config) };
    const { visible: V, hidden: H, initStd, seed } = this.config;
    if (!(Number.isInteger(V) && V > 0 && Number.isInteger(H) && H > 0)) {
      throw new RangeError(`RBM: visible and hidden must be positive integers, got ${V} and ${H}.`);
    }
    this.params = new ParamStore(seed);
    this.a = this.params.constant('a', [V], 0);
    this.b = this.params.constant('b', [H], 0);
    this.W = this.params.constant('W', [V, H], 0);
    tf.tidy(() => this.W.assign(tf.randomNormal([V, H], 0, initStd, 'float32', deriveSeed(seed, 'W'))));
  }

  /** E(v, h) = −aᵀv − bᵀh − vᵀWh.  v: [N, V], h: [N, H] → [N] */
  energy(v: tf.Tensor2D, h: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => {
      const vWh = tf.sum(tf.mul(tf.matMul(v, this.W), h), 1); // [N]
      return tf.neg(tf.add(tf.add(tf.sum(tf.mul(v, this.a), 1), tf.sum(tf.mul(h, this.b), 1)), vWh)) as tf.Tensor1D;
    });
  }

  /** p(h_j = 1 | v) = σ(b_j + vᵀW_{:,j}).  v: [N, V] → [N, H] */
  hiddenGivenVisible(v: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => tf.sigmoid(tf.add(tf.matMul(v, this.W), this.b)) as tf.Tensor2D);
  }

  /** p(v_i = 1 | h) = σ(a_i + W_{i,:} h).  h: [N, H] → [N, V] */
  visibleGivenHidden(h: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => tf.sigmoid(tf.add(tf.matMul(h, this.W, false, true), this.a)) as tf.Tensor2D);
  }

  /** F(v) = −aᵀv − Σ_j softplus(b_j + vᵀW_{:,j}) = −log Σ_h e^{−E(v,h)}.  v: [N, V] → [N] */
  freeEnergy(v: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(
      () =>
        tf.neg(
          tf.add(tf.sum(tf.mul(v, this.a), 1), tf.sum(tf.softplus(tf.add(tf.matMul(v, this.W), this.b)), 1)),
        ) as tf.Tensor1D,
    );
  }

  /** The same sum over v instead: F_h(h) = −bᵀh − Σ_i softplus(a_i + W_{i,:}h) = −log Σ_v e^{−E(v,h)}.  h: [N, H] → [N] */
  hiddenFreeEnergy(h: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(
      () =>
        tf.neg(
          tf.add(
            tf.sum(tf.mul(h, this.b), 1),
            tf.sum(tf.softplus(tf.add(tf.matMul(h, this.W, false, true), this.a)), 1),
          ),
        ) as tf.Tensor1D,
    );
  }

  /** Exact log Z = logsumexp over every state of the smaller layer of −F (scalar tensor). */
  logPartition(): tf.Scalar {
    const { visible: V, hidden: H } = this.config;
    return tf.tidy(() =>
      tf.logSumExp(tf.neg(V <= H ? this.freeEnergy(allBinaryStates(V)) : this.hiddenFreeEnergy(allBinaryStates(H)))),
    );
  }

  /** Exact log p(v) = −F(v) − log Z.  v: [N, V] → [N] */
  logProb(v: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => tf.sub(tf.neg(this.freeEnergy(v)), this.logPartition()));
  }

  /** `steps` rounds of block Gibbs sampling, h ~ p(h|v) then v ~ p(v|h), from v0 [N, V]; returns v [N, V]. */
  gibbs(v0: tf.Tensor2D, options: { steps: number; seed: number }): tf.Tensor2D {
    const { steps, seed } = options;
    return tf.tidy(() => {
      let v = v0;
      for (let t = 0; t < steps; t++) {
        const h = bernoulli(this.hiddenGivenVisible(v), deriveSeed(seed, 'h', t));
        v = bernoulli(this.visibleGivenHidden(h), deriveSeed(seed, 'v', t));
      }
      return tf.clone(v);
    });
  }

  /** CD-k estimates of ∂ mean log p(v)/∂(a, b, W) on the batch v0 [N, V] (see the module comment). */
  cdGradients(v0: tf.Tensor2D, options: CDOptions): RBMGradients {
    const { k = 1, seed } = options;
    return tf.tidy(() => {
      const n = v0.shape[0];
      const vk = this.gibbs(v0, { steps: k, seed }); // [N, V], the chain's end
      const [h0, hk] = [this.hiddenGivenVisible(v0), this.hiddenGivenVisible(vk)]; // [N, H]
      const W = tf.div(tf.sub(tf.matMul(v0, h0, true, false), tf.matMul(vk, hk, true, false)), n) as tf.Tensor2D; // [V, H]
      return { a: tf.mean(tf.sub(v0, vk), 0) as tf.Tensor1D, b: tf.mean(tf.sub(h0, hk), 0) as tf.Tensor1D, W };
    });
  }

  /** One step of gradient ascent θ ← θ + learningRate · CD-k gradient on the batch v0 [N, V]. */
  cdStep(v0: tf.Tensor2D, options: CDOptions & { learningRate: number }): void {
    const g = this.cdGradients(v0, options);
    tf.tidy(() => {
      this.a.assign(tf.add(this.a, tf.mul(options.learningRate, g.a)));
      this.b.assign(tf.add(this.b, tf.mul(options.learningRate, g.b)));
      this.W.assign(tf.add(this.W, tf.mul(options.learningRate, g.W)));
    });
    tf.dispose([g.a, g.b, g.W]);
  }

  /** Train by CD-k on the rows of data [N, V]: seeded shuffled mini-batches, `epochs` passes. */
  fitCD(data: tf.Tensor2D, options: FitCDOptions): void {
    const { epochs = 100, batchSize = 16, learningRate = 0.1, k = 1, seed, onEpoch } = options;
    const n = data.shape[0];
    for (let epoch = 0; epoch < epochs; epoch++) {
      const order = permutation(n, deriveSeed(seed, 'shuffle', epoch));
      for (let start = 0, step = 0; start < n; start += batchSize, step++) {
        const idx = tf.tensor1d(order.subarray(start, Math.min(n, start + batchSize)), 'int32'); // [B]
        const batch = tf.gather(data, idx) as tf.Tensor2D; // [B, V]
        this.cdStep(batch, { k, learningRate, seed: deriveSeed(seed, 'step', epoch, step) });
        tf.dispose([idx, batch]);
      }
      onEpoch?.(epoch);
    }
  }

  dispose(): void {
    this.params.dispose();
  }
}

/** 1 where U(0, 1) < p: a Bernoulli(p) sample of the same shape.  [N, D] → [N, D] */
function bernoulli(p: tf.Tensor2D, seed: number): tf.Tensor2D {
  return tf.tidy(
    () => tf.cast(tf.less(tf.randomUniform(p.shape, 0, 1, 'float32', tfSeed(seed)), p), 'float32') as tf.Tensor2D,
  );
}
