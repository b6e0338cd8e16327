import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderChecked } from '../../../test/helpers/charts';
import { lossCurves } from './lossCurves';

const reconstruction = [160, 120, 105, 99, 96],
  kl = [4, 12, 17, 19, 20];
const total = reconstruction.map((r, i) => r + kl[i]);

test('lossCurves: one line per (split, term), terms by colour, train solid and validation dashed', async () => {
  const chart = lossCurves({
    train: { reconstruction, kl, total },
    validation: { total: [170, 140, 128, 124] },
    title: 'VAE loss',
  });
  const { marks, items, scenes, svg } = await renderChecked(chart, /VAE loss/);
  assert.deepEqual(marks, ['line', 'symbol']);
  assert.equal(scenes.line, 4, '3 train terms + 1 validation term');
  assert.equal(items.line, 5 * 3 + 4);
  assert.equal(items.symbol, 5 * 3 + 4, 'an (invisible) tooltip point per logged value');
  const enc = chart.spec.encoding as Record<string, { field: string; title?: string; scale?: { type?: string } }>;
  assert.equal(enc.color.field, 'term');
  const line = (chart.spec.layer as { encoding: Record<string, { field: string }> }[])[0].encoding;
  assert.equal(line.strokeDash.field, 'split');
  assert.equal(enc.y.title, 'loss (nats per example)');
  assert.equal(enc.y.scale?.type, undefined);
  for (const s of ['reconstruction', 'kl', 'total', 'train', 'validation', 'epoch'])
    assert.ok(svg.includes(`>${s}<`), s);
});

test('lossCurves: log axis option, and a bare array is one term', async () => {
  const chart = lossCurves({ train: total, logY: true });
  const { scenes } = await renderChecked(chart, /Training curves/);
  assert.equal(scenes.line, 1);
  assert.equal((chart.spec.encoding as { y: { scale: { type: string } } }).y.scale.type, 'log');
});

test('lossCurves rejects NaN, empty terms, no terms and non-positive values on a log axis', () => {
  assert.throws(() => lossCurves({ train: { kl: [1, NaN] } }), /train\.kl\[1\] is NaN.*learning rate/);
  assert.throws(() => lossCurves({ train: { kl: [] } }), /train\.kl is empty/);
  assert.throws(() => lossCurves({ train: {} }), /train has no loss terms/);
  assert.throws(() => lossCurves({ train: { kl: [1, 0] }, logY: true }), /train\.kl\[1\] = 0 cannot go on a log axis/);
});
