/**
 * The replaced wasm `Transpose` and reductions against the cpu backend: the aliasing 2-D case
 * (rows a multiple of 512, split into 3-D), ranks 3–4 that collapse to it, transposes that keep
 * the stock path, reductions over leading, middle and all axes with and without keepDims, and their
 * gradients. Transposes copy values, so they must match exactly; sums within float32 rounding.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../index';
import { assertParity, randn, wasmAndCpu } from '../../../test/helpers/parity';
import { registered } from './kernels';
import { collapse, REDUCTIONS } from './transpose';

before(wasmAndCpu);

test('Transpose and the reductions are genmodels kernels on wasm', () => {
  for (const name of ['Transpose', ...REDUCTIONS]) assert.ok(registered.has(name), name);
});

test('collapse drops size-1 axes and merges axes that stay adjacent', () => {
  assert.deepEqual(collapse([32, 28, 28, 64], [3, 0, 1, 2]), { shape: [25088, 64], perm: [1, 0] });
  assert.deepEqual(collapse([1, 5, 1, 7], [0, 3, 2, 1]), { shape: [5, 7], perm: [1, 0] });
  assert.deepEqual(collapse([2, 3, 4], [0, 1, 2]), { shape: [24], perm: [0] });
  assert.deepEqual(collapse([2, 3, 4, 5], [1, 0, 3, 2]), { shape: [2, 3, 4, 5], perm: [1, 0, 3, 2] });
  assert.deepEqual(collapse([2, 3, 4, 5], [2, 3, 0, 1]), { shape: [6, 20], perm: [1, 0] });
});

const TRANSPOSES: [number[], number[]][] = [
  [[1024, 24], [1, 0]], // aliasing rows: the 3-D path
  [[8, 8, 8, 24], [3, 0, 1, 2]], // NHWC → CNHW, collapses to [512, 24]ᵀ: 3-D
  [[128, 40], [1, 0]], // not a multiple of 512: stock
  [[2, 3, 4, 5], [1, 0, 3, 2]], // not 2-D after collapsing: stock
  [[512, 1, 3], [2, 1, 0]], // size-1 axis dropped, then 3-D
];

test('transpose: values and gradients match cpu exactly', async () => {
  for (const [k, [shape, perm]] of TRANSPOSES.entries()) {
    await assertParity(`transpose ${shape} by ${perm}`, () => {
      const x = randn(shape, 110 + k);
      const y = tf.transpose(x, perm);
      const r = randn(y.shape, 120 + k);
      return [y, tf.grad((x: tf.Tensor) => tf.transpose(x, perm).mul(r).sum())(x)];
    }, 0, 0);
  }
});

const REDUCED: [number[], number | number[], boolean][] = [
  [[4, 8, 8, 24], [0, 1, 2], false], // a bias gradient: every axis but the channels
  [[512, 40], 0, true], // leading axis, keepDims (3-D transpose)
  [[6, 512, 5], 1, false], // a middle axis
  [[6, 7, 5], [0, 2], true], // two apart
  [[6, 7], [0, 1], false], // all: no transpose
  [[6, 7], 1, false], // innermost: no transpose
];

test('reductions: values and gradients match cpu within float32 rounding', async () => {
  const ops: Record<string, (x: tf.Tensor, axis: number | number[], keep: boolean) => tf.Tensor> = {
    Sum: tf.sum, Mean: tf.mean, Max: tf.max, Min: tf.min, Prod: tf.prod,
  };
  for (const [name, op] of Object.entries(ops)) {
    for (const [k, [shape, axis, keep]] of REDUCED.entries()) {
      await assertParity(`${name} of ${shape} over ${axis}${keep ? ' (keepDims)' : ''}`, () => {
        // near 1 for Prod (a product of hundreds of normals under- or overflows)
        const x = name === 'Prod' ? randn(shape, 130 + k).mul(0.01).add(1) : randn(shape, 130 + k);
        const y = op(x, axis, keep);
        return [y, tf.grad((x: tf.Tensor) => op(x, axis, keep).mul(randn(y.shape, 140 + k)).sum())(x)];
      }, 1e-4, 1e-5);
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
