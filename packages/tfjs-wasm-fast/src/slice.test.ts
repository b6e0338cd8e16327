/**
 * Parity of the replaced wasm `Slice` with the cpu backend: contiguous and cut windows of ranks 1–5,
 * short and long runs, empty slices, size −1 (to the end), float32, int32 and bool, and the
 * gradient through slice (a pad). Exact: slicing copies values.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { assertParity, randn, wasmAndCpu } from '../test/parity';
import { registered } from './kernels';

before(wasmAndCpu);

const CASES: [number[], number[], number[]][] = [
  [[10], [3], [5]], // rank 1
  [
    [4, 100],
    [1, 0],
    [2, 100],
  ], // whole rows: one contiguous run
  [
    [64, 300],
    [0, 31],
    [64, 200],
  ], // a column window: long runs (a filter gradient's tap)
  [
    [6, 5, 30, 30],
    [0, 0, 1, 1],
    [6, 5, 28, 28],
  ], // inner window of rank 4: runs of 28
  [
    [3, 4, 5],
    [1, 2, 3],
    [2, 2, 2],
  ], // short runs (element by element)
  [
    [2, 3, 4, 5, 6],
    [1, 0, 1, 2, 0],
    [1, 3, 2, 2, 6],
  ], // rank 5: runs of the last axis, whole
  [
    [5, 7],
    [2, 3],
    [-1, -1],
  ], // size −1: to the end
  [
    [5, 7],
    [2, 3],
    [0, 4],
  ], // empty
];

test('Slice is a genmodels kernel on wasm', () => {
  assert.ok(registered.has('Slice'));
});

test('slice: values and gradients match cpu exactly', async () => {
  for (const [k, [shape, begin, size]] of CASES.entries()) {
    await assertParity(
      `slice ${shape} at ${begin} size ${size}`,
      () => {
        const x = randn(shape, 90 + k);
        const y = tf.slice(x, begin, size);
        const r = randn(y.shape, 100 + k);
        return [y, tf.grad((x: tf.Tensor) => tf.slice(x, begin, size).mul(r).sum())(x)];
      },
      0,
      0,
    );
  }
});

test('slice keeps int32 and bool values and dtypes', async () => {
  await tf.setBackend('wasm');
  const ints = tf.range(0, 60, 1, 'int32').reshape([3, 4, 5]);
  const s = tf.slice(ints, [1, 1, 2], [2, 2, 3]);
  assert.equal(s.dtype, 'int32');
  assert.deepEqual(Array.from(s.dataSync()), [27, 28, 29, 32, 33, 34, 47, 48, 49, 52, 53, 54]);
  const mask = tf.greater(tf.range(0, 40), 12).reshape([2, 20]);
  const m = tf.slice(mask, [0, 10], [2, 5]); // values 10…14 and 30…34
  assert.equal(m.dtype, 'bool');
  assert.deepEqual(Array.from(m.dataSync()), [0, 0, 0, 1, 1, 1, 1, 1, 1, 1]);
  tf.dispose([ints, s, mask, m]);
});
