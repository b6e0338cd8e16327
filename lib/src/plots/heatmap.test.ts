import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderChecked } from '../../../test/helpers/charts';
import { heatmap } from './heatmap';

// PixelCNN mask A for a 5×5 kernel: 1 strictly above the centre row, and left of the centre in it
const maskA = Array.from({ length: 5 }, (_, r) =>
  Array.from({ length: 5 }, (_, c) => (r < 2 || (r === 2 && c < 2) ? 1 : 0)),
);

test('heatmap draws one cell per entry with row 0 at the top, annotated when small', async () => {
  const chart = heatmap({ values: maskA, title: 'Mask A', colorTitle: 'weight kept' });
  const { marks, items, svg, drawn } = await renderChecked(chart, /Mask A/);
  assert.deepEqual(marks, ['rect', 'text']);
  assert.equal(items.rect, 25);
  assert.equal(items.text, 25);
  const enc = (
    chart.spec.layer as { encoding: Record<string, { scale?: { scheme?: string; domain?: number[] } }> }[]
  )[0].encoding;
  assert.equal(enc.color.scale?.scheme, 'viridis');
  assert.deepEqual(enc.color.scale?.domain, [0, 1]);
  const cellAt = (r: number, c: number) => drawn.rect.find((d) => d.datum.r === r && d.datum.c === c)!;
  assert.ok(cellAt(0, 0).y < cellAt(4, 0).y, 'row 0 at the top');
  assert.ok(cellAt(0, 0).x < cellAt(0, 4).x, 'column 0 at the left');
  const text = (r: number, c: number) => drawn.text.find((d) => d.datum.r === r && d.datum.c === c)!;
  assert.ok(text(2, 3).x > cellAt(2, 3).x && text(2, 3).y > cellAt(2, 3).y, 'labels sit inside their cells');
  assert.deepEqual(
    [text(0, 0).fill, text(4, 4).fill],
    ['#222', 'white'],
    'dark text on yellow (1), white on purple (0)',
  );
  assert.ok(svg.includes('>weight kept<') && svg.includes('>row<') && svg.includes('>column<'));
});

test('heatmap: large matrices are not annotated; signed data get a symmetric diverging scale', async () => {
  const grad = Array.from({ length: 28 }, (_, r) => Array.from({ length: 28 }, (_, c) => ((r - 14) * (c - 3)) / 100));
  const chart = heatmap({ values: grad, diverging: true, title: 'Receptive field' });
  const { marks, items } = await renderChecked(chart, /Receptive field/);
  assert.deepEqual(marks, ['rect']);
  assert.equal(items.rect, 28 * 28);
  const color = (chart.spec.layer as { encoding: { color: { scale: { scheme: string; domain: number[] } } } }[])[0]
    .encoding.color;
  assert.equal(color.scale.scheme, 'blueorange');
  const m = Math.max(...grad.flat().map(Math.abs)); // 14 · 24 / 100 = 3.36
  assert.deepEqual(color.scale.domain, [-m, m], 'domain ±max|value|');
});

test('heatmap rejects ragged rows, NaN and empty matrices', () => {
  assert.throws(() => heatmap({ values: [[1, 2], [3]] }), /row 1 has 1 values; expected 2/);
  assert.throws(() => heatmap({ values: [[1, NaN]] }), /values\[0\]\[1\] is NaN/);
  assert.throws(() => heatmap({ values: [] }), /values is empty/);
  assert.throws(() => heatmap({ values: [[]] }), /row 0 has 0 values/);
});
