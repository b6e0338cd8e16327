import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderChecked } from '../../../test/helpers/charts';
import { rng } from '../seed';
import { density2d, scatter2d } from './scatter2d';

const r = rng(11);
const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
const z = Array.from({ length: 1500 }, () => [normal(), normal()]);
const ring = z.map(([a, b]) => {
  const n = Math.hypot(a, b);
  return [a / 10 + a / n, b / 10 + b / n];
}); // f(z) = z/10 + z/‖z‖

test('scatter2d draws every point on one square domain for both axes, coloured by group', async () => {
  const chart = scatter2d({
    points: [...z.slice(0, 100), ...ring.slice(0, 100)],
    groups: [...Array(100).fill('z'), ...Array(100).fill('f(z)')],
    title: 'Ring',
  });
  const { marks, items, svg } = await renderChecked(chart, /Ring/);
  assert.deepEqual(marks, ['symbol']);
  assert.equal(items.symbol, 200);
  const enc = chart.spec.encoding as Record<string, { field: string; scale: { domain: number[] } }>;
  assert.deepEqual(enc.x.scale.domain, enc.y.scale.domain);
  assert.equal(chart.spec.width, chart.spec.height);
  assert.equal(enc.color.field, 'group');
  assert.ok(svg.includes('>f(z)<') && svg.includes('>x₁<'));
});

test('density2d is a 2-D histogram that integrates to 1 over non-empty square cells', async () => {
  const chart = density2d({ points: ring, bins: 30, title: 'Ring density' });
  const { marks, items } = await renderChecked(chart, /Ring density/);
  assert.deepEqual(marks, ['rect']);
  const values = (chart.spec.data as { values: { x: number; x2: number; y: number; y2: number; density: number }[] })
    .values;
  assert.equal(items.rect, values.length);
  const mass = values.reduce((s, v) => s + v.density * (v.x2 - v.x) * (v.y2 - v.y), 0);
  assert.ok(Math.abs(mass - 1) < 0.01, `mass ${mass}`);
  const centre = values.find((v) => v.x <= 0 && v.x2 > 0 && v.y <= 0 && v.y2 > 0);
  assert.equal(centre, undefined, 'the ring has a hole: no mass at the origin');
});

test('scatter2d and density2d reject bad input', () => {
  assert.throws(() => scatter2d({ points: [[0, 1, 2]] }), /points\[0\] has 3 coordinates; expected 2/);
  assert.throws(() => scatter2d({ points: [[0, 1]], groups: ['a', 'b'] }), /points has 1 items but groups has 2/);
  assert.throws(() => density2d({ points: [[0, NaN]] }), /points\[0\]\[1\] is NaN/);
  assert.throws(() => density2d({ points: [] }), /points is empty/);
  assert.throws(() => density2d({ points: [[0, 1]], bins: 0 }), /bins = 0/);
});
