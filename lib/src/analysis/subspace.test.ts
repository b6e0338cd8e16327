import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { orthonormalRows, principalAngles, principalSubspace } from './subspace';
import { pca } from '../plots/pca';

const close = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) < tol, `${what}: ${a} vs ${b}`);

test('orthonormalRows gives Q Qᵀ = I and rejects dependent rows', () => {
  const q = orthonormalRows([
    [1, 2, 3],
    [0, 1, 5],
    [2, 0, 1],
  ]);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++)
      close(
        q[i].reduce((s, v, m) => s + v * q[j][m], 0),
        i === j ? 1 : 0,
        1e-12,
        `QQᵀ[${i}][${j}]`,
      );
  assert.throws(
    () =>
      orthonormalRows([
        [1, 2, 3],
        [2, 4, 6],
      ]),
    /linearly dependent/,
  );
});

test('principal angles between known subspaces of R^3', () => {
  const t = 0.7;
  close(principalAngles([[1, 0, 0]], [[Math.cos(t), Math.sin(t), 0]])[0], t, 1e-7, 'two lines');
  const planes = principalAngles(
    [
      [1, 0, 0],
      [0, 1, 0],
    ],
    [
      [2, 0, 0],
      [0, Math.cos(t), Math.sin(t)],
    ],
  );
  close(planes[0], 0, 1e-6, 'shared direction');
  close(planes[1], t, 1e-7, 'tilted direction');
  close(
    principalAngles(
      [[0, 0, 1]],
      [
        [1, 0, 0],
        [0, 1, 0],
      ],
    )[0],
    Math.PI / 2,
    1e-7,
    'orthogonal',
  );
  // a line inside a plane: angle 0, whatever the order of arguments
  close(
    principalAngles(
      [
        [1, 0, 0],
        [0, 1, 0],
      ],
      [[1, 1, 0]],
    )[0],
    0,
    1e-6,
    'line in plane',
  );
  assert.throws(() => principalAngles([[1, 0]], [[1, 0, 0]]), /one length/);
});

test('the same subspace in another basis has all angles 0', () => {
  const a = [
    [1, 2, 0, 1],
    [0, 1, 1, 3],
  ];
  const b = [
    [1, 3, 1, 4],
    [2, 3, -1, -1],
  ]; // a0 + a1, 2·a0 − a1
  for (const angle of principalAngles(a, b)) close(angle, 0, 1e-6, 'angle');
});

test('principalSubspace spans the top-k eigenvectors of the sample covariance (checked against pca)', () => {
  const scales = [4, 2.5, 1.5, 0.6, 0.3, 0.1];
  const x = tf.tidy(() =>
    tf.matMul(
      tf.mul(tf.randomNormal([500, 6], 0, 1, 'float32', 3), scales),
      tf.linalg.qr(tf.randomNormal([6, 6], 0, 1, 'float32', 4))[0],
    ),
  ) as tf.Tensor2D;
  const before = tf.memory().numTensors;
  const q = principalSubspace(x, 3, { seed: 1 });
  assert.equal(tf.memory().numTensors, before, 'no tensors leak');
  const exact = pca(x.arraySync(), 3).components;
  for (const angle of principalAngles(q, exact)) close(angle, 0, 1e-3, 'angle to exact PCA');
  // and not merely any 3-D subspace: the 4th axis is orthogonal to it
  close(principalAngles([pca(x.arraySync(), 4).components[3]], q)[0], Math.PI / 2, 1e-3, '4th axis');
  x.dispose();
});
