import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderChecked } from '../../../test/helpers/charts';
import { PlotInputError } from './check';
import { latentScatter } from './latentScatter';
import { pca } from './pca';

const z = Array.from({ length: 30 }, (_, i) => [Math.cos(i), Math.sin(i) * 2]);
const labels = z.map((_, i) => i % 3);

test('latentScatter draws one point per latent, coloured by label, with tooltips, zoom and legend highlight', async () => {
  const chart = latentScatter({ z, labels, title: 'MNIST latents' });
  const { marks, items, svg } = await renderChecked(chart, /MNIST latents/);
  assert.deepEqual(marks, ['symbol']);
  assert.equal(items.symbol, 30);
  assert.equal((svg.match(/role-legend-symbol/g) ?? []).length, 3, 'a legend entry per class');
  const points = svg.match(/<g class="mark-symbol role-mark[^>]*>(.*?)<\/g>/)![1];
  assert.equal((points.match(/<path /g) ?? []).length, 30, 'every point drawn in the SVG');
  const enc = chart.spec.encoding as Record<string, { field?: string; title?: string }>;
  assert.equal(enc.color.field, 'label');
  assert.deepEqual(
    (enc.tooltip as unknown as { title: string }[]).map((t) => t.title),
    ['index', 'class', 'z₁', 'z₂'],
  );
  const params = chart.spec.params as { name: string; bind: unknown; select: unknown }[];
  assert.ok(
    params.some((p) => p.bind === 'scales'),
    'zoom/pan bound to the scales',
  );
  assert.ok(params.some((p) => p.bind === 'legend' && (p.select as { fields: string[] }).fields[0] === 'label'));
  assert.match(svg, /z₁/);
});

test('latentScatter without labels has no legend, and refuses >2 dims without a projection', async () => {
  const { items } = await renderChecked(latentScatter({ z }), /Latent space/);
  assert.equal(items.symbol, 30);
  const z5 = z.map(([a, b], i) => [a, b, i, -i, a * b]);
  assert.throws(
    () => latentScatter({ z: z5, labels }),
    (e: Error) => e instanceof PlotInputError && /5 dimensions.*pca\(z\)/.test(e.message),
  );
});

test('latentScatter projects with pca and titles the axes with explained variance', async () => {
  const z5 = z.map(([a, b], i) => [a, b, 0.01 * i, 0, a - b]);
  const chart = latentScatter({ z: z5, labels, projection: pca(z5) });
  const { svg } = await renderChecked(chart, /PC1 \(\d+% of variance\)/);
  assert.match(svg, /PC2/);
});

test('latentScatter draws at most maxPoints, evenly strided, keeping the original indices', async () => {
  const big = Array.from({ length: 1000 }, (_, i) => [i, -i]);
  const chart = latentScatter({ z: big, labels: big.map((_, i) => i % 10), maxPoints: 300 });
  const { items, svg } = await renderChecked(chart, /300 of 1000 points/);
  assert.equal(items.symbol, 300);
  const idx = (chart.spec.data as { values: { i: number; x: number; label: number }[] }).values;
  assert.deepEqual(
    idx.slice(0, 4).map((v) => v.i),
    [0, 3, 6, 10],
  );
  assert.ok(
    idx.every((v) => v.x === v.i && v.label === v.i % 10),
    'each point keeps its own index and label',
  );
  assert.ok(!svg.includes('aria-label="z₁'), 'no per-point aria labels');
  assert.throws(() => latentScatter({ z: big, maxPoints: 0 }), /maxPoints = 0/);
});

test('latentScatter rejects mismatched labels, NaN, ragged and empty input', () => {
  assert.throws(() => latentScatter({ z, labels: labels.slice(1) }), /z has 30 items but labels has 29/);
  assert.throws(
    () =>
      latentScatter({
        z: [
          [0, 1],
          [NaN, 2],
        ],
      }),
    /z\[1\]\[0\] is NaN/,
  );
  assert.throws(() => latentScatter({ z: [[0, 1], [2]] }), /z\[1\] has 1 coordinates; expected 2/);
  assert.throws(() => latentScatter({ z: [] }), /z is empty/);
});
