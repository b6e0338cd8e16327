import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderChecked } from '../../../test/helpers/charts';
import { chartBundle, hasRichDisplay, REPR_MIMEBUNDLE, VEGALITE_MIME } from './mime';
import { Chart, concatCharts } from './chart';
import { PlotInputError } from './check';
import { describeSpec } from './describe';
import { scatter2d } from './scatter2d';

const spec = {
  title: 'Tiny',
  width: 100,
  height: 80,
  mark: 'point',
  data: {
    values: [
      { x: 1, y: 2 },
      { x: 2, y: 3 },
    ],
  },
  encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
};

test('a Chart is one rich output: Vega-Lite object, SVG fallback and a text summary', async () => {
  const chart = new Chart(spec);
  assert.ok(hasRichDisplay(chart));
  const bundle = await chart[REPR_MIMEBUNDLE]();
  assert.deepEqual(Object.keys(bundle).sort(), [VEGALITE_MIME, 'image/svg+xml', 'text/plain'].sort());
  assert.equal(bundle[VEGALITE_MIME], spec, 'the spec itself, as an object, not a string');
  assert.match(bundle['image/svg+xml'] as string, /^<svg[\s\S]*Tiny/);
  assert.equal(bundle['text/plain'], 'Chart "Tiny": point; 2 data rows; 100×80 px');
  assert.deepEqual(await chartBundle(spec), bundle, 'chartBundle and Chart agree');
  assert.equal(String(chart), bundle['text/plain']);
  assert.equal(JSON.stringify(chart), JSON.stringify(spec));
});

test('describeSpec walks layers and concatenations', () => {
  const layered = {
    title: { text: 'L' },
    layer: [{ mark: { type: 'rect' }, data: { values: [1, 2, 3] } }, { mark: 'text' }],
  };
  assert.equal(describeSpec(layered), 'Chart "L": rect, text; 3 data rows');
  assert.equal(describeSpec({ hconcat: [spec, spec] }), 'Chart "untitled": point; 4 data rows');
});

test('concatCharts puts charts side by side with one theme at the top level', async () => {
  const [a, b] = [
    scatter2d({
      points: [
        [0, 0],
        [1, 1],
      ],
      title: 'z',
    }),
    scatter2d({
      points: [
        [0, 1],
        [1, 0],
        [2, 2],
      ],
      title: 'f(z)',
    }),
  ];
  const both = concatCharts([a, b], { title: 'Before and after' });
  const { items, svg } = await renderChecked(both, /Before and after/);
  assert.equal(items.symbol, 5);
  assert.ok(svg.includes('>f(z)<'));
  const parts = both.spec.hconcat as Record<string, unknown>[];
  assert.equal(parts.length, 2);
  assert.ok(parts.every((p) => p.config === undefined && p.$schema === undefined));
  assert.ok(concatCharts([a], { direction: 'vertical' }).spec.vconcat);
  assert.throws(() => concatCharts([]), PlotInputError);
});
