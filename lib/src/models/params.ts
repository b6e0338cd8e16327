/**
 * Named, seeded parameters and the dense layers built from them.
 *
 *   dense(x) = x W + b,   W ~ U(−a, a), a = √(6 / (fan_in + fan_out))   (Glorot & Bengio 2010)
 *   mlp(x)   = dense_L(f(… f(dense_1(x))))
 *
 * Every weight gets its own seed, deriveSeed(seed, name), so a model built twice with the same
 * seed is identical, and the names ('encoder/0/W') are stable across processes: checkpoints store
 * weights under them and check their shapes on load.
 */
import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../seed';

export type Activation = 'relu' | 'tanh' | 'linear';

export interface Dense {
  W: tf.Variable; // [in, out]
  b: tf.Variable; // [out]
}

/** An ordered set of trainable variables with stable names. */
export class ParamStore {
  readonly variables = new Map<string, tf.Variable>();

  constructor(readonly seed: number) {}

  /** A Glorot-uniform initialised dense layer named `name`. */
  dense(name: string, inDim: number, outDim: number): Dense {
    const a = Math.sqrt(6 / (inDim + outDim));
    const W = this.add(`${name}/W`, () =>
      tf.randomUniform([inDim, outDim], -a, a, 'float32', deriveSeed(this.seed, name, 'W')),
    );
    const b = this.add(`${name}/b`, () => tf.zeros([outDim]));
    return { W, b };
  }

  /** A Glorot-uniform convolution kernel [kh, kw, a, b]: fan_in = kh·kw·a, fan_out = kh·kw·b. */
  kernel(name: string, shape: [number, number, number, number]): tf.Variable {
    const [kh, kw, a, b] = shape;
    const lim = Math.sqrt(6 / (kh * kw * (a + b)));
    return this.add(name, () => tf.randomUniform(shape, -lim, lim, 'float32', deriveSeed(this.seed, name)));
  }

  /** A tensor of `shape` filled with `value` (e.g. a learned log-variance starting at 0). */
  constant(name: string, shape: number[], value: number): tf.Variable {
    return this.add(name, () => tf.fill(shape, value));
  }

  /** Dense layers inDim → sizes[0] → … → sizes[n−1], named `${prefix}/0`, `${prefix}/1`, … */
  mlp(prefix: string, inDim: number, sizes: number[]): Dense[] {
    return sizes.map((out, i) => this.dense(`${prefix}/${i}`, i === 0 ? inDim : sizes[i - 1], out));
  }

  /** All variables, in creation order (the order optimisers and checkpoints use). */
  list(): tf.Variable[] {
    return [...this.variables.values()];
  }

  /** Total number of scalar parameters. */
  count(): number {
    return this.list().reduce((n, v) => n + v.size, 0);
  }

  dispose(): void {
    for (const v of this.variables.values()) v.dispose();
    this.variables.clear();
  }

  private add(name: string, init: () => tf.Tensor): tf.Variable {
    if (this.variables.has(name)) throw new Error(`Parameter "${name}" is defined twice.`);
    const v = tf.tidy(() => tf.variable(init(), true));
    this.variables.set(name, v);
    return v;
  }
}

/** x W + b. x: [B, in] → [B, out] */
export function dense(x: tf.Tensor2D, layer: Dense): tf.Tensor2D {
  return tf.tidy(() => tf.add(tf.matMul(x, layer.W as tf.Tensor2D), layer.b));
}

/** The nonlinearity f applied elementwise, any rank: [..] → [..] */
export function activate<T extends tf.Tensor>(x: T, activation: Activation): T {
  if (activation === 'relu') return tf.relu(x);
  if (activation === 'tanh') return tf.tanh(x);
  return x;
}

/** Hidden layers with `activation`, the last layer linear. x: [B, in] → [B, out_last] */
export function mlp(x: tf.Tensor2D, layers: Dense[], activation: Activation): tf.Tensor2D {
  return tf.tidy(() => {
    let h = x;
    layers.forEach((layer, i) => {
      h = dense(h, layer);
      if (i < layers.length - 1) h = activate(h, activation);
    });
    return h;
  });
}
