import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mnistDigits, renderChecked } from '../../../test/helpers/charts';
import { latentGrid, linspace, manifoldGrid } from './manifoldGrid';

test('linspace and latentGrid: evenly spaced, endpoints included, z1 varying fastest', () => {
  assert.deepEqual(linspace(-1, 1, 5), [-1, -0.5, 0, 0.5, 1]);
  assert.deepEqual(linspace(2, 3, 1), [2]);
  assert.deepEqual(latentGrid([0, 1], [5, 6, 7]), [
    [0, 5],
    [1, 5],
    [0, 6],
    [1, 6],
    [0, 7],
    [1, 7],
  ]);
  assert.throws(() => linspace(0, 1, 0), /positive integer/);
});

test('manifoldGrid tiles one image per grid point on latent axes z₁, z₂ spanning the grid', async () => {
  const [z1, z2] = [linspace(-2, 2, 4), linspace(-1, 1, 3)];
  const chart = manifoldGrid({ z1, z2, images: mnistDigits(12), title: 'Manifold' });
  const { marks, items, svg } = await renderChecked(chart, /Manifold/);
  assert.deepEqual(marks, ['image']);
  assert.equal(items.image, 12);
  assert.ok(svg.includes('>z₁<') && svg.includes('>z₂<'));
  const enc = chart.spec.encoding as Record<string, { scale: { domain: number[] } }>;
  assert.deepEqual(enc.x.scale.domain, [-2 - 2 / 3, 2 + 2 / 3], 'half a step beyond the outer grid points');
  assert.deepEqual([chart.spec.width, chart.spec.height], [4 * 28, 3 * 28]);
});

test('manifoldGrid rejects a wrong image count, irregular grids, NaN and non-square images', () => {
  const images = mnistDigits(4);
  assert.throws(() => manifoldGrid({ z1: [0, 1], z2: [0, 1, 2], images }), /4 images for a 2×3 grid; expected 6/);
  assert.throws(() => manifoldGrid({ z1: [0, 1, 3], z2: [0], images: images.slice(0, 3) }), /evenly spaced/);
  assert.throws(() => manifoldGrid({ z1: [1, 0], z2: [0, 1], images }), /evenly spaced and increasing/);
  assert.throws(() => manifoldGrid({ z1: [0, NaN], z2: [0, 1], images }), /z1\[1\] is NaN/);
  assert.throws(() => manifoldGrid({ z1: [0], z2: [0], images: [[1, 2, 3]] }), /not a square image/);
});
