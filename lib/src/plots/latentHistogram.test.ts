import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderChecked } from '../../../test/helpers/charts';
import { rng } from '../seed';
import { densityHistogram, latentHistogram, stdNormalPdf } from './latentHistogram';

const r = rng(3);
const normals = Array.from({ length: 20000 }, () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r()));

test('densityHistogram integrates to 1 and matches φ for standard normal samples', () => {
  const bins = densityHistogram(normals, 40, -6, 6);
  const area = bins.reduce((s, b) => s + b.density * (b.end - b.start), 0);
  assert.ok(Math.abs(area - 1) < 1e-12, `area ${area}`);
  const mid = bins.find((b) => b.start <= 0 && b.end > 0)!;
  assert.ok(Math.abs(mid.density - stdNormalPdf(0)) < 0.03, `density at 0: ${mid.density}`);
  assert.ok(Math.abs(stdNormalPdf(1) - 0.24197072451914337) < 1e-15);
});

test('latentHistogram layers density bars and the N(0, 1) curve, with a legend', async () => {
  const chart = latentHistogram({ values: normals.slice(0, 2000), name: 'z₃', bins: 30 });
  const { marks, items, scenes, svg } = await renderChecked(chart, /Distribution of z₃ against the prior/);
  assert.deepEqual(marks, ['rect', 'line']);
  assert.equal(items.rect, 30);
  assert.equal(scenes.line, 1);
  assert.equal(items.line, 161, 'the density curve is drawn through 161 points');
  for (const s of ['z₃ (histogram)', 'prior N(0, 1)', 'density']) assert.ok(svg.includes(`>${s}<`), s);
});

test('latentHistogram rejects NaN and empty values', () => {
  assert.throws(() => latentHistogram({ values: [0, Infinity] }), /values\[1\] is Infinity/);
  assert.throws(() => latentHistogram({ values: [] }), /values is empty/);
  assert.throws(() => densityHistogram([1], 0, 0, 1), /bins = 0/);
});
