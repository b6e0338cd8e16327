/**
 * The wasm SIMD Adam kernel against the update computed in double precision in JS, on sizes that
 * exercise the 4-lane loop and the scalar tail, in place (m' = m, v' = v) and into other buffers.
 * Tolerance: |Δ| ≤ 1e-6 + 1e-5·|ref| (float32 arithmetic vs double, a few roundings).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { wasmAndCpu } from '../test/parity';
import { adamKernel } from './adam-kernel';

before(wasmAndCpu);

interface Heap {
  getMemoryOffset(dataId: object): number;
}

const S = {
  b1: 0.9,
  b2: 0.999,
  c1: 0.1,
  c2: 0.001,
  r1: 1 / (1 - 0.9 ** 3),
  r2: 1 / (1 - 0.999 ** 3),
  lr: -0.01,
  eps: 1e-7,
};

/** m', v', θ' in double precision from the float32 inputs. */
function reference(g: Float32Array, m: Float32Array, v: Float32Array, theta: Float32Array) {
  const mOut = m.map((mi, i) => S.b1 * mi + S.c1 * g[i]);
  const vOut = v.map((vi, i) => S.b2 * vi + S.c2 * g[i] * g[i]);
  const thetaOut = theta.map((t, i) => t + (S.lr * mOut[i] * S.r1) / (Math.sqrt(vOut[i] * S.r2) + S.eps));
  return [mOut, vOut, thetaOut];
}

function assertClose(label: string, got: Float32Array, want: Float32Array) {
  got.forEach((x, i) => {
    const err = Math.abs(x - want[i]);
    if (!(err <= 1e-6 + 1e-5 * Math.abs(want[i])))
      assert.fail(`${label}[${i}]: ${x} vs ${want[i]} (|Δ| ${err.toExponential(2)})`);
  });
}

for (const n of [1, 3, 4, 13, 1027]) {
  for (const inPlace of [true, false]) {
    test(`adam kernel matches the double-precision update (n = ${n}, ${inPlace ? 'in place' : 'into new buffers'})`, () => {
      const kernel = adamKernel(tf.backend());
      assert.ok(kernel, 'the kernel instantiates on the wasm backend');
      const [g, m, theta] = [1, 2, 3].map((seed) => tf.randomNormal([n], 0, 1, 'float32', seed));
      const v = tf.randomUniform([n], 0, 2, 'float32', 4);
      const outs = inPlace ? [m, v] : [tf.zeros([n]), tf.zeros([n])];
      const thetaOut = tf.zeros([n]);
      const want = reference(
        ...([g, m, v, theta].map((t) => t.dataSync() as Float32Array) as [
          Float32Array,
          Float32Array,
          Float32Array,
          Float32Array,
        ]),
      );
      const at = (t: tf.Tensor) => (tf.backend() as unknown as Heap).getMemoryOffset(t.dataId);
      kernel(
        {
          g: at(g),
          m: at(m),
          v: at(v),
          theta: at(theta),
          mOut: at(outs[0]),
          vOut: at(outs[1]),
          thetaOut: at(thetaOut),
        },
        n,
        S,
      );
      [outs[0], outs[1], thetaOut].forEach((t, k) =>
        assertClose(['m', 'v', 'θ'][k], t.dataSync() as Float32Array, want[k]),
      );
      if (!inPlace) assert.notDeepEqual(m.dataSync(), want[0], 'm itself was left alone');
      tf.dispose([g, m, v, theta, thetaOut, ...outs]);
    });
  }
}
