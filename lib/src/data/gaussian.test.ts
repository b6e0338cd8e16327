import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalMatrix, normalSampler } from './gaussian';

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
const variance = (a: number[]) => {
  const m = mean(a);
  return mean(a.map((v) => (v - m) ** 2));
};

test('normalSampler draws N(0, 1): mean 0 and variance 1 within 4 standard errors', () => {
  const n = 50000;
  const next = normalSampler(5);
  const z = Array.from({ length: n }, next);
  assert.ok(Math.abs(mean(z)) < 4 / Math.sqrt(n));
  assert.ok(Math.abs(variance(z) - 1) < 4 * Math.sqrt(2 / n));
});

test('normalMatrix is seeded and shaped n×m', () => {
  const a = normalMatrix(3, 2, 1);
  assert.deepEqual(
    a.map((r) => r.length),
    [2, 2, 2],
  );
  assert.deepEqual(normalMatrix(3, 2, 1), a);
  assert.notDeepEqual(normalMatrix(3, 2, 2), a);
});
