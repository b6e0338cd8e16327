/**
 * The replaced wasm `Transpose` against the cpu backend: the aliasing 2-D case (rows a multiple of
 * 512, split into 3-D), ranks 3–4 that collapse to it, transposes that keep the stock path, and
 * their gradients, exactly (transposes copy values); and how transposes collapse.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { assertParity, randn, wasmAndCpu } from '../test/parity';
import { registered } from './kernels';
import { collapse } from './transpose';

before(wasmAndCpu);

test('Transpose is a genmodels kernel on wasm', () => {
  assert.ok(registered.has('Transpose'));
});

test('collapse drops size-1 axes and merges axes that stay adjacent', () => {
  assert.deepEqual(collapse([32, 28, 28, 64], [3, 0, 1, 2]), { shape: [25088, 64], perm: [1, 0] });
  assert.deepEqual(collapse([1, 5, 1, 7], [0, 3, 2, 1]), { shape: [5, 7], perm: [1, 0] });
  assert.deepEqual(collapse([2, 3, 4], [0, 1, 2]), { shape: [24], perm: [0] });
  assert.deepEqual(collapse([2, 3, 4, 5], [1, 0, 3, 2]), { shape: [2, 3, 4, 5], perm: [1, 0, 3, 2] });
  assert.deepEqual(collapse([2, 3, 4, 5], [2, 3, 0, 1]), { shape: [6, 20], perm: [1, 0] });
});

const TRANSPOSES: [number[], number[]][] = [
  [
    [1024, 24],
    [1, 0],
  ], // aliasing rows: the 3-D path
  [
    [8, 8, 8, 24],
    [3, 0, 1, 2],
  ], // NHWC → CNHW, collapses to [512, 24]ᵀ: 3-D
  [
    [128, 40],
    [1, 0],
  ], // not a multiple of 512: stock
  [
    [2, 3, 4, 5],
    [1, 0, 3, 2],
  ], // not 2-D after collapsing: stock
  [
    [512, 1, 3],
    [2, 1, 0],
  ], // size-1 axis dropped, then 3-D
];

test('transpose: values and gradients match cpu exactly', async () => {
  for (const [k, [shape, perm]] of TRANSPOSES.entries()) {
    await assertParity(
      `transpose ${shape} by ${perm}`,
      () => {
        const x = randn(shape, 110 + k);
        const y = tf.transpose(x, perm);
        const r = randn(y.shape, 120 + k);
        return [y, tf.grad((x: tf.Tensor) => tf.transpose(x, perm).mul(r).sum())(x)];
      },
      0,
      0,
    );
  }
});
