import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ring2D, ringMap, standardNormal2D } from './toy';

test('toy sets are seeded: same seed same points, another seed other points', () => {
  assert.deepEqual(standardNormal2D(10, 1), standardNormal2D(10, 1));
  assert.notDeepEqual(standardNormal2D(10, 1).x, standardNormal2D(10, 2).x);
});

test('the ring: ‖f(z)‖ = ‖z‖/10 + 1, so every point lies outside the unit circle, in the direction of z', () => {
  const z = standardNormal2D(1000, 3);
  const r = ring2D(1000, 3);
  r.x.forEach((x, i) => {
    const norm = Math.hypot(z.x[i], z.y[i]);
    assert.ok(Math.abs(Math.hypot(x, r.y[i]) - (norm / 10 + 1)) < 1e-12);
    assert.ok(Math.abs(x * z.y[i] - r.y[i] * z.x[i]) < 1e-12, 'parallel to z');
  });
  assert.deepEqual(ringMap(0, 0), [0, 0]);
});
