import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mnistDigits, renderChecked } from '../../../test/helpers/charts';
import { interpolate, interpolationStrip } from './interpolationStrip';

const norm = (v: number[]) => Math.hypot(...v);

test('interpolate: linear is (1−t) z_a + t z_b; slerp keeps the norm between equal-norm endpoints', () => {
  const lin = interpolate([0, 2], [4, 6], 5);
  assert.deepEqual(lin, [
    [0, 2],
    [1, 3],
    [2, 4],
    [3, 5],
    [4, 6],
  ]);
  const [a, b] = [
    [3, 0, 0],
    [0, 0, 3],
  ];
  const sl = interpolate(a, b, 7, 'slerp');
  sl.forEach((z) => assert.ok(Math.abs(norm(z) - 3) < 1e-12, `‖z‖ = ${norm(z)}`));
  assert.deepEqual(sl[0], a);
  assert.ok(Math.abs(sl[3][0] - 3 / Math.SQRT2) < 1e-12, 'midpoint at 45°');
  assert.ok(norm(interpolate(a, b, 3)[1]) < 3, 'the linear midpoint cuts inside');
  assert.deepEqual(
    interpolate([1, 1], [2, 2], 3, 'slerp'),
    interpolate([1, 1], [2, 2], 3),
    'parallel: slerp falls back to lerp',
  );
});

test('interpolationStrip: one row of images captioned with t', async () => {
  const chart = interpolationStrip({ images: mnistDigits(6), title: 'From 7 to 2' });
  const { items, svg } = await renderChecked(chart, /From 7 to 2/);
  assert.equal(items.image, 6);
  assert.ok((chart.spec.height as number) < 2 * 56, 'a single row');
  for (const t of ['t=0.00', 't=0.40', 't=1.00']) assert.ok(svg.includes(`>${t}<`), t);
});

test('interpolate and interpolationStrip reject bad input', () => {
  assert.throws(() => interpolate([0, 1], [0, 1, 2], 3), /has 3 coordinates; expected 2/);
  assert.throws(() => interpolate([0, 1], [2, 3], 1), /steps = 1/);
  assert.throws(() => interpolationStrip({ images: mnistDigits(3), t: [0, 1] }), /images has 3 items but t has 2/);
  assert.throws(() => interpolationStrip({ images: mnistDigits(2), t: [0, NaN] }), /t\[1\] is NaN/);
  assert.throws(() => interpolationStrip({ images: [] }), /images is empty/);
});
