/**
 * Parity of the replaced wasm `Tile` with the cpu backend: leading, middle and last axes, several
 * axes at once, float32, int32 and bool, the stock fallback (short blocks, nothing repeated), and
 * the gradient through tile. Exact: tiling copies values.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { assertParity, randn, wasmAndCpu } from '../test/parity';
import { registered } from './kernels';

before(wasmAndCpu);

const CASES: [number[], number[]][] = [
  [
    [1, 5, 784],
    [100, 1, 1],
  ], // IWAE's x repeated over k samples
  [
    [3, 70],
    [2, 3],
  ], // both axes
  [
    [2, 3, 40],
    [1, 2, 1],
  ], // a middle axis
  [
    [2, 3, 40],
    [3, 2, 2],
  ], // all three
  [
    [4, 100],
    [1, 1],
  ], // nothing repeated: stock
  [
    [3, 4],
    [2, 5],
  ], // short blocks: stock
];

test('Tile is a genmodels kernel on wasm', () => {
  assert.ok(registered.has('Tile'));
});

test('tile: values and gradients match cpu exactly', async () => {
  for (const [k, [shape, reps]] of CASES.entries()) {
    await assertParity(
      `tile ${shape} × ${reps}`,
      () => {
        const x = randn(shape, 70 + k);
        const y = tf.tile(x, reps);
        const r = randn(y.shape, 80 + k);
        return [y, tf.grad((x: tf.Tensor) => tf.tile(x, reps).mul(r).sum())(x)];
      },
      0,
      1e-5,
    );
  }
});

test('tile keeps int32 and bool values and dtypes', async () => {
  await tf.setBackend('wasm');
  const big = tf.range(0, 130, 1, 'int32').reshape([1, 130]);
  const tiled = tf.tile(big, [3, 1]);
  assert.equal(tiled.dtype, 'int32');
  assert.deepEqual(
    Array.from(tiled.dataSync()),
    [...Array(3)].flatMap(() => [...Array(130).keys()]),
  );
  const mask = tf.tile(tf.greater(tf.range(0, 100), 49).reshape([1, 100]), [2, 1]);
  assert.equal(mask.dtype, 'bool');
  assert.deepEqual(
    Array.from(mask.dataSync()),
    [...Array(2)].flatMap(() => [...Array(100).keys()].map((v) => (v > 49 ? 1 : 0))),
  );
  tf.dispose([big, tiled, mask]);
});
