/**
 * Parity against the cpu backend: run the same computation on wasm (with this package's kernels) and
 * on cpu (TF.js's reference kernels), and compare element by element.
 *   |wasm − cpu| ≤ atol + rtol·|cpu|
 */
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type { Pad } from '../src/kernels';

/** Run `f` on `backend`, returning its tensors' values as plain arrays (nothing left allocated). */
export async function on(backend: 'wasm' | 'cpu', f: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const outs = tf.tidy(f);
  const values = outs.map((t) => t.dataSync() as Float32Array);
  tf.dispose(outs);
  assert.equal(tf.memory().numTensors, before, `${backend}: the computation leaked tensors`);
  return values;
}

/** Assert wasm and cpu agree on every output of `f`. */
export async function assertParity(label: string, f: () => tf.Tensor[], rtol = 1e-4, atol = 1e-4): Promise<void> {
  const ours = await on('wasm', f);
  const ref = await on('cpu', f);
  await tf.setBackend('wasm');
  assert.equal(ours.length, ref.length);
  ours.forEach((o, k) => {
    assert.equal(o.length, ref[k].length, `${label} output ${k}: sizes differ`);
    for (let i = 0; i < o.length; i++) {
      const err = Math.abs(o[i] - ref[k][i]);
      if (!(err <= atol + rtol * Math.abs(ref[k][i]))) {
        assert.fail(`${label} output ${k}[${i}]: wasm ${o[i]} vs cpu ${ref[k][i]} (|Δ| ${err.toExponential(2)})`);
      }
    }
  });
}

/** A seeded normal tensor: the same values on every backend. */
export const randn = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

/** NHWC padding [[0, 0], [top, bottom], [left, right], [0, 0]], as conv2d takes it explicitly. */
export const explicitPad = (top: number, bottom: number, left: number, right: number): Pad => [
  [0, 0],
  [top, bottom],
  [left, right],
  [0, 0],
];
