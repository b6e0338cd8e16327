import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rng } from '../seed';
import { pca } from './pca';

/** Points x = μ + 3 a u + 1 b v + 0.1 c w with orthonormal u, v, w and standard normal a, b, c. */
function sample(n: number, seed: number): { points: number[][]; u: number[]; v: number[]; mu: number[] } {
  const r = rng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const s = 1 / Math.sqrt(2);
  const [u, v, w, mu] = [
    [s, s, 0, 0],
    [0, 0, 1, 0],
    [s, -s, 0, 0],
    [5, -1, 2, 0.5],
  ];
  const points = Array.from({ length: n }, () => {
    const [a, b, c] = [3 * normal(), normal(), 0.1 * normal()];
    return mu.map((m, j) => m + a * u[j] + b * v[j] + c * w[j]);
  });
  return { points, u, v, mu };
}

const dot = (a: number[], b: number[]) => a.reduce((s, x, j) => s + x * b[j], 0);

test('pca recovers the principal axes, their variances and the mean', () => {
  const { points, u, v, mu } = sample(4000, 1);
  const p = pca(points);
  assert.ok(Math.abs(dot(p.components[0], u)) > 0.999, 'first axis ≈ ±u');
  assert.ok(Math.abs(dot(p.components[1], v)) > 0.995, 'second axis ≈ ±v');
  p.mean.forEach((m, j) => assert.ok(Math.abs(m - mu[j]) < 0.15));
  assert.ok(Math.abs(p.variances[0] - 9) < 0.6 && Math.abs(p.variances[1] - 1) < 0.1, `variances ${p.variances}`);
  assert.ok(Math.abs(p.explainedRatio[0] - 9 / 10.01) < 0.02);
  assert.equal(dot(p.components[0], p.components[0]).toFixed(9), '1.000000000');
});

test('pca scores are centred, uncorrelated, with variance λ_j, and the sign is deterministic', () => {
  const { points } = sample(500, 2);
  const p = pca(points);
  const s = p.project(points);
  const mean = (j: number) => s.reduce((t, x) => t + x[j], 0) / s.length;
  const cov = (i: number, j: number) => s.reduce((t, x) => t + (x[i] - mean(i)) * (x[j] - mean(j)), 0) / (s.length - 1);
  assert.ok(Math.abs(mean(0)) < 1e-9 && Math.abs(mean(1)) < 1e-9);
  assert.ok(Math.abs(cov(0, 1)) < 1e-9);
  assert.ok(Math.abs(cov(0, 0) - p.variances[0]) < 1e-6 * p.variances[0]);
  assert.deepEqual(pca(points.map((x) => [...x])).components, p.components);
  p.components.forEach((c) => assert.ok(c.reduce((m, x) => (Math.abs(x) > Math.abs(m) ? x : m), 0) > 0));
});

test('pca rejects too few points, a bad k and mismatched projection input', () => {
  assert.throws(() => pca([[1, 2, 3]]), /n ≥ 2/);
  assert.throws(
    () =>
      pca(
        [
          [1, 2],
          [3, 4],
        ],
        3,
      ),
    /k ≤ d/,
  );
  assert.throws(
    () =>
      pca([
        [1, 2, 3],
        [3, 4, 5],
      ]).project([[1, 2]]),
    /has 2 coordinates; expected 3/,
  );
});
