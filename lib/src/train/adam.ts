/**
 * Adam (Kingma & Ba 2015) with a fused update on the wasm backend: one pass per variable.
 *
 *   m ← β₁ m + (1 − β₁) g                      first moment
 *   v ← β₂ v + (1 − β₂) g²                     second moment
 *   m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)       bias correction (β₁ᵗ, β₂ᵗ kept as accBeta1, accBeta2)
 *   θ ← θ + (−η) · m̂ / (√v̂ + ε)
 *
 * `tf.train.adam` runs this as about 14 separate kernels per variable, each allocating a tensor
 * (Square, Sqrt, Add ×4, RealDiv ×3, Multiply ×5 …). On wasm `FusedAdam` runs one SIMD loop per
 * variable over the backend's own memory (the speed engine's adamKernel), in float32 with the bias
 * corrections as multiplications by 1/(1 − βᵗ), so its values are within a few float32 roundings
 * of tf.train.adam's. m and v are updated in place; θ gets a fresh buffer, because the wasm matmul
 * caches each weight operand packed for XNNPACK under its buffer, so a weight changed in place
 * would be multiplied stale. A buffer shared with another tensor is never written in place.
 *
 * It is a `tf.AdamOptimizer` (class name 'Adam', same config and the same `getWeights`/`setWeights`
 * state: iterations, then every `name/m`, then every `name/v`), so checkpoints move freely between
 * the two. On other backends, or without the engine, it runs tf.train.adam's own update.
 *
 * @example
 *   const optimizer = adam(1e-3); // what fit uses by default
 *   optimizer.applyGradients(grads);
 */
import * as tf from '@tensorflow/tfjs';
import type { WasmHeap } from '@genmodels/tfjs-wasm-fast';
import { engine } from '../engine';

/** tf.AdamOptimizer's private state (TF.js 4.22, pinned by the engine's checkVersions). */
interface AdamState {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
}

/** The wasm backend's heap access (public methods of BackendWasm). */
export class FusedAdam extends tf.AdamOptimizer {
  constructor(learningRate = 1e-3, beta1 = 0.9, beta2 = 0.999, epsilon?: number) {
    super(learningRate, beta1, beta2, epsilon as number); // undefined → the backend's epsilon, as tf.train.adam
  }

  /** Change the step size α for the updates to come (e.g. to decay it on resume); the moments are kept. */
  setLearningRate(learningRate: number): void {
    if (!(learningRate > 0 && Number.isFinite(learningRate)))
      throw new RangeError(`FusedAdam: the learning rate must be a positive number, got ${learningRate}.`);
    this.learningRate = learningRate;
  }

  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    const kernel = engine && tf.getBackend() === 'wasm' ? engine.adamKernel(tf.backend()) : null;
    if (!kernel) return super.applyGradients(variableGradients);
    const named = Array.isArray(variableGradients)
      ? variableGradients
      : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    const state = this as unknown as AdamState;
    const heap = tf.backend() as unknown as WasmHeap;
    const [accBeta1, accBeta2] = [state.accBeta1, state.accBeta2].map((a) => heap.typedArrayFromHeap(a)[0]); // β₁ᵗ, β₂ᵗ
    const acc = [state.accBeta1, state.accBeta2].map((a) => writable(heap, a));
    const scalars = {
      b1: this.beta1,
      b2: this.beta2,
      c1: 1 - this.beta1,
      c2: 1 - this.beta2,
      r1: 1 / (1 - accBeta1),
      r2: 1 / (1 - accBeta2),
      lr: -this.learningRate,
      eps: this.epsilon,
    };
    named.forEach(({ name, tensor: g }, i) => {
      const value = tf.engine().registeredVariables[name];
      const [m, v] = this.moments(state, name, value, i);
      if (g == null) return;
      const targets = [writable(heap, m), writable(heap, v), fresh(heap, value)];
      const [mOut, vOut, thetaOut, gIn, mIn, vIn, thetaIn] = [...targets.map((t) => t.info), g, m, v, value].map((t) =>
        heap.getMemoryOffset(t.dataId),
      );
      kernel({ g: gIn, m: mIn, v: vIn, theta: thetaIn, mOut, vOut, thetaOut }, g.size, scalars);
      targets.forEach((t, k) => t.commit([m, v, value][k]));
    });
    const [a1Out, a2Out] = acc.map((a) => heap.typedArrayFromHeap(a.info));
    a1Out[0] = accBeta1 * Math.fround(this.beta1); // accBeta ← accBeta · β in float32, as tf.train.adam
    a2Out[0] = accBeta2 * Math.fround(this.beta2);
    acc.forEach((a, k) => a.commit([state.accBeta1, state.accBeta2][k]));
    this.incrementIterations();
  }

  /** The moments of variable i, made as zeros on its first step (named as tf.train.adam names them). */
  private moments(state: AdamState, name: string, value: tf.Variable, i: number): [tf.Variable, tf.Variable] {
    const made = [state.accumulatedFirstMoment, state.accumulatedSecondMoment].map((list, k) => {
      list[i] ??= {
        originalName: `${name}/${k === 0 ? 'm' : 'v'}`,
        variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
      };
      return list[i].variable;
    });
    return made as [tf.Variable, tf.Variable];
  }
}

/** Where a variable's new values go; `commit` makes them the variable's. */
interface Target {
  info: tf.TensorInfo;
  commit(variable: tf.Variable): void;
}

/** The variable's own buffer when nothing else shares it, else a fresh one. */
function writable(heap: WasmHeap, variable: tf.Variable): Target {
  return heap.refCount(variable.dataId) === 1 ? { info: variable, commit: () => {} } : fresh(heap, variable);
}

/** A new uninitialised buffer of the variable's shape; `commit` assigns it to the variable. */
function fresh(heap: WasmHeap, variable: tf.Variable): Target {
  const info = heap.makeOutput(variable.shape, 'float32');
  return {
    info,
    commit: (v) => {
      const t = tf.engine().makeTensorFromTensorInfo(info);
      v.assign(t);
      t.dispose();
    },
  };
}

/** Adam as `tf.train.adam(learningRate, beta1, beta2, epsilon)` makes it, fused on wasm. Defaults 1e-3, 0.9, 0.999, the backend's ε. */
export function adam(learningRate = 1e-3, beta1 = 0.9, beta2 = 0.999, epsilon?: number): FusedAdam {
  return new FusedAdam(learningRate, beta1, beta2, epsilon);
}
