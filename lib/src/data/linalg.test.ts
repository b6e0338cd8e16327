import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cholesky, choleskySolve, logDet, matmul, matvec, transpose } from './linalg';

const A = [
  [4, 2, 0.4],
  [2, 5, 1],
  [0.4, 1, 3],
];

test('cholesky gives a lower-triangular L with L Lᵀ = A', () => {
  const L = cholesky(A);
  assert.ok(L.every((row, i) => row.every((v, j) => j <= i || v === 0)));
  matmul(L, transpose(L)).forEach((row, i) => row.forEach((v, j) => assert.ok(Math.abs(v - A[i][j]) < 1e-12)));
});

test('choleskySolve solves A x = b; logDet is log |A| (cofactor expansion)', () => {
  const L = cholesky(A);
  const b = [1, -2, 0.5];
  matvec(A, choleskySolve(L, b)).forEach((v, i) => assert.ok(Math.abs(v - b[i]) < 1e-12));
  const det =
    A[0][0] * (A[1][1] * A[2][2] - A[1][2] * A[2][1]) -
    A[0][1] * (A[1][0] * A[2][2] - A[1][2] * A[2][0]) +
    A[0][2] * (A[1][0] * A[2][1] - A[1][1] * A[2][0]);
  assert.ok(Math.abs(logDet(L) - Math.log(det)) < 1e-12);
});

test('a matrix that is not positive definite is rejected', () => {
  assert.throws(
    () =>
      cholesky([
        [1, 2],
        [2, 1],
      ]),
    /not positive definite/,
  );
});
