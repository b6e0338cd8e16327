import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gaussianMixture2D, ring2D, ringMap, standardNormal2D, twoMoons } from './toy';

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;

test('toy sets are seeded: same seed same points, another seed other points', () => {
  assert.deepEqual(standardNormal2D(10, 1), standardNormal2D(10, 1));
  assert.notDeepEqual(standardNormal2D(10, 1).x, standardNormal2D(10, 2).x);
  assert.deepEqual(twoMoons(10, { seed: 1 }), twoMoons(10, { seed: 1 }));
  assert.deepEqual(gaussianMixture2D(10, { seed: 1 }), gaussianMixture2D(10, { seed: 1 }));
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

test('two moons: half labelled 0 on the upper arc, half labelled 1 on the lower arc (noise 0)', () => {
  const m = twoMoons(100, { seed: 2, noise: 0 });
  assert.equal(m.label!.filter((l) => l === 0).length, 50);
  m.x.forEach((x, i) => {
    const [cx, cy] = m.label![i] === 0 ? [0, 0] : [1, 0.5];
    assert.ok(Math.abs(Math.hypot(x - cx, m.y[i] - cy) - 1) < 1e-12, 'on a unit half circle');
    assert.ok(m.label![i] === 0 ? m.y[i] >= 0 : m.y[i] <= 0.5);
  });
});

test('Gaussian mixture: each component centred on its point of the circle', () => {
  const g = gaussianMixture2D(8000, { seed: 4, components: 4, radius: 3, std: 0.1 });
  for (let k = 0; k < 4; k++) {
    const idx = g.label!.flatMap((l, i) => (l === k ? [i] : []));
    assert.ok(idx.length > 1800 && idx.length < 2200, `component ${k} has ${idx.length} points`);
    const mx = mean(idx.map((i) => g.x[i]));
    const my = mean(idx.map((i) => g.y[i]));
    assert.ok(Math.hypot(mx - 3 * Math.cos((k * Math.PI) / 2), my - 3 * Math.sin((k * Math.PI) / 2)) < 0.02);
  }
});
