/**
 * A learned pushforward: a network g_θ that turns z ~ N(0, I) into samples of a target
 * distribution, trained only from samples of that target (why a VAE's N(0, I) prior is enough,
 * lecture 04).
 *
 *   x = g_θ(z),  z ~ N(0, I_d)        x has the pushforward distribution g_θ# N(0, I)        sample
 *
 * g_θ is fitted by minimising the maximum mean discrepancy between its samples and the target's
 * (Gretton et al. 2012, "A Kernel Two-Sample Test"; as a generator loss: Li, Swersky & Zemel 2015,
 * "Generative Moment Matching Networks"; Dziugaite, Roy & Ghahramani 2015):
 *
 *   MMD²(P, Q) = E k(x, x') − 2 E k(x, y) + E k(y, y'),   x, x' ~ P,  y, y' ~ Q         mmd2
 *   k(x, y) = Σ_s exp(−‖x − y‖² / (2 s²))      Gaussian kernels at several bandwidths s
 *
 * For a Gaussian kernel MMD(P, Q) = 0 exactly when P = Q, so driving the sample estimate to 0 over
 * θ pulls g_θ# N(0, I) onto the target. `mmd2` is the plug-in (V-statistic) estimate: every pair,
 * including x with itself; it is ≥ 0 and 0 for identical samples.
 *
 * @example
 *   const g = new Pushforward({ seed: 42 });
 *   const losses = g.fit(tf.tensor2d(ringRows), { steps: 1500, seed: 1 });
 *   const x = g.sample(1000, { seed: 2 }); // [1000, 2], ring-shaped
 */
import * as tf from '@tensorflow/tfjs';
import { deriveSeed, tfSeed } from '../seed';
import { mlp, ParamStore, type Activation, type Dense } from './params';
import { configFrom } from './types';

export interface PushforwardConfig {
  /** Dimension d of z and of x. Default 2. */
  dim: number;
  /** Hidden layer sizes of g. Default [64, 64]. */
  hidden: number[];
  /** Hidden nonlinearity. Default 'tanh' (a smooth map). */
  activation: Activation;
  /** Seed of the weight initialisation. Default 0. */
  seed: number;
}

export const PUSHFORWARD_DEFAULTS: PushforwardConfig = { dim: 2, hidden: [64, 64], activation: 'tanh', seed: 0 };

export interface PushforwardFitOptions {
  /** Adam steps. Default 1000. */
  steps?: number;
  /** Samples of z and of the target per step. Default 256. */
  batchSize?: number;
  /** Adam step size. Default 3e-3. */
  learningRate?: number;
  /** Kernel bandwidths s of mmd2. Default [0.05, 0.2, 1]. */
  bandwidths?: number[];
  /** Record the loss every this many steps (reading it back waits for the step). Default 10. */
  logEvery?: number;
  /** Seed of each step's z and target batch. */
  seed: number;
}

/** Plug-in estimate of MMD²(P, Q) from samples x [N, d] ~ P and y [M, d] ~ Q (scalar). */
export function mmd2(x: tf.Tensor2D, y: tf.Tensor2D, bandwidths: number[] = [0.05, 0.2, 1]): tf.Scalar {
  if (x.shape[1] !== y.shape[1])
    throw new RangeError(`mmd2: x and y need the same dimension, got [${x.shape}] and [${y.shape}].`);
  return tf.tidy(() => {
    // mean over all pairs of Σ_s exp(−‖u − v‖² / 2s²);  ‖u − v‖² = ‖u‖² + ‖v‖² − 2 uᵀv
    const meanKernel = (u: tf.Tensor2D, v: tf.Tensor2D) => {
      const sq = tf.relu(
        tf.sub(
          tf.add(tf.sum(tf.square(u), 1, true), tf.transpose(tf.sum(tf.square(v), 1, true))),
          tf.mul(2, tf.matMul(u, v, false, true)),
        ),
      ); // [N, M]
      return tf.addN(bandwidths.map((s) => tf.mean(tf.exp(tf.div(sq, -2 * s * s)))));
    };
    return tf.add(tf.sub(meanKernel(x, x), tf.mul(2, meanKernel(x, y))), meanKernel(y, y)) as tf.Scalar;
  });
}

export class Pushforward {
  readonly config: PushforwardConfig;
  readonly params: ParamStore;
  private readonly layers: Dense[];

  constructor(config: Partial<PushforwardConfig> = {}) {
    this.config = configFrom(PUSHFORWARD_DEFAULTS, config);
    const { dim, hidden, seed } = this.config;
    this.params = new ParamStore(seed);
    this.layers = this.params.mlp('g', dim, [...hidden, dim]);
  }

  /** x = g_θ(z).  z: [N, d] → [N, d] */
  forward(z: tf.Tensor2D): tf.Tensor2D {
    if (z.rank !== 2 || z.shape[1] !== this.config.dim)
      throw new RangeError(`Pushforward.forward: expected z of shape [N, ${this.config.dim}], got [${z.shape}].`);
    return mlp(z, this.layers, this.config.activation);
  }

  /** n samples g_θ(z), z ~ N(0, I) drawn from `seed`.  → [n, d] */
  sample(n: number, options: { seed: number }): tf.Tensor2D {
    return tf.tidy(() =>
      this.forward(tf.randomNormal([n, this.config.dim], 0, 1, 'float32', tfSeed(options.seed)) as tf.Tensor2D),
    );
  }

  /** Minimise mmd2(g_θ(z), target batch) with Adam; returns the loss every `logEvery` steps. target: [N, d] */
  fit(target: tf.Tensor2D, options: PushforwardFitOptions): number[] {
    const { steps = 1000, batchSize = 256, learningRate = 3e-3, bandwidths, logEvery = 10, seed } = options;
    const n = target.shape[0];
    const optimizer = tf.train.adam(learningRate);
    const losses: number[] = [];
    for (let t = 0; t < steps; t++) {
      const loss = optimizer.minimize(
        () => {
          const idx = tf.randomUniformInt([batchSize], 0, n, deriveSeed(seed, 'target', t)) as tf.Tensor1D; // [B]
          const y = tf.gather(target, idx) as tf.Tensor2D; // [B, d]
          return mmd2(this.sample(batchSize, { seed: deriveSeed(seed, 'z', t) }), y, bandwidths);
        },
        true,
        this.params.list(),
      ) as tf.Scalar; // the step's intermediates are freed by minimize
      if (t % logEvery === 0 || t === steps - 1) losses.push(loss.dataSync()[0]);
      loss.dispose();
    }
    optimizer.dispose();
    return losses;
  }

  dispose(): void {
    this.params.dispose();
  }
}
