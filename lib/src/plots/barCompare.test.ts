import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderChecked } from '../../../test/helpers/charts';
import { barCompare } from './barCompare';

test('barCompare: one bar and one value label per number, grouped by model, coloured by source', async () => {
  const chart = barCompare({
    labels: ['VAE', 'VAE', 'PixelCNN', 'PixelCNN', 'IWAE'],
    groups: ['ours', 'published', 'ours', 'published', 'published'],
    values: [92.1, 86.8, 84.3, 81.3, 85.3],
    valueTitle: '−log p(x) (nats)',
    title: 'Test NLL',
  });
  const { marks, items, svg } = await renderChecked(chart, /Test NLL/);
  assert.deepEqual(marks, ['rect', 'text']);
  assert.equal(items.rect, 5);
  assert.equal(items.text, 5);
  for (const s of ['VAE', 'PixelCNN', 'IWAE', 'ours', 'published', '92.1', '−log p(x) (nats)'])
    assert.ok(svg.includes(`>${s}<`), s);
  const enc = chart.spec.encoding as Record<string, { field: string; sort?: string[] }>;
  assert.equal(enc.yOffset.field, 'group');
  assert.deepEqual(enc.y.sort, ['VAE', 'PixelCNN', 'IWAE'], 'models in the order given');
});

test('barCompare rejects mismatched lengths, NaN and empty input', () => {
  assert.throws(() => barCompare({ labels: ['a'], values: [1, 2] }), /values has 2 items but labels has 1/);
  assert.throws(
    () => barCompare({ labels: ['a', 'b'], values: [1, 2], groups: ['x'] }),
    /values has 2 items but groups has 1/,
  );
  assert.throws(() => barCompare({ labels: ['a'], values: [NaN] }), /values\[0\] is NaN/);
  assert.throws(() => barCompare({ labels: [], values: [] }), /values is empty/);
});
