/**
 * The replaced wasm reductions against the cpu backend: over leading, middle and all axes with and
 * without keepDims (through the registered Transpose), and Sum over leading axes of a long [R, C]
 * run in place by wgrad.wat (whole lines of 32 rows and a remainder), with their gradients, within
 * float32 rounding; int32 sums keep their dtype.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { assertParity, randn, wasmAndCpu } from '../test/parity';
import { registered } from './kernels';
import { REDUCTIONS } from './reduce';

before(wasmAndCpu);

test('the reductions are genmodels kernels on wasm', () => {
  for (const name of REDUCTIONS) assert.ok(registered.has(name), name);
});

const REDUCED: [number[], number | number[], boolean][] = [
  [[4, 8, 8, 24], [0, 1, 2], false], // a bias gradient: every axis but the channels
  [[48, 40], 0, true], // leading axis, keepDims, under 64 rows (3-D transpose)
  [[128, 784], 0, false], // a dense layer's bias gradient, batch 128: Sum in place on one thread (4 lines of 32)
  [[6, 512, 5], 1, false], // a middle axis
  [[6, 7, 5], [0, 2], true], // two apart
  [[6, 7], [0, 1], false], // all: no transpose
  [[6, 7], 1, false], // innermost: no transpose
  [[4, 16, 18, 24], [0, 1, 2], false], // a bias gradient of 1152 rows: Sum in place (36 lines of 32)
  [[1100, 16], 0, true], // 1100 = 34 lines of 32 + 12 rows, keepDims: Sum in place
  [[512, 4096], 0, true], // 2M elements: Sum in place on every thread
  [[1100, 12], 0, false], // 12 columns, not a multiple of 8: transposed
];

test('reductions: values and gradients match cpu within float32 rounding', async () => {
  const ops: Record<string, (x: tf.Tensor, axis: number | number[], keep: boolean) => tf.Tensor> = {
    Sum: tf.sum,
    Mean: tf.mean,
    Max: tf.max,
    Min: tf.min,
    Prod: tf.prod,
  };
  for (const [name, op] of Object.entries(ops)) {
    for (const [k, [shape, axis, keep]] of REDUCED.entries()) {
      await assertParity(
        `${name} of ${shape} over ${axis}${keep ? ' (keepDims)' : ''}`,
        () => {
          // near 1 for Prod (a product of hundreds of normals under- or overflows)
          const x =
            name === 'Prod'
              ? randn(shape, 130 + k)
                  .mul(0.01)
                  .add(1)
              : randn(shape, 130 + k);
          const y = op(x, axis, keep);
          return [
            y,
            tf.grad((x: tf.Tensor) =>
              op(x, axis, keep)
                .mul(randn(y.shape, 140 + k))
                .sum(),
            )(x),
          ];
        },
        1e-4,
        1e-5,
      );
    }
  }
});

test('sum keeps int32', async () => {
  await tf.setBackend('wasm');
  const x = tf.range(0, 24, 1, 'int32').reshape([8, 3]);
  const s = tf.sum(x, 0);
  assert.equal(s.dtype, 'int32');
  assert.deepEqual(Array.from(s.dataSync()), [84, 92, 100]);
  tf.dispose([x, s]);
});
