import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mnistDigits, renderChecked } from '../../../test/helpers/charts';
import { imageGrid } from './imageGrid';
import { REPR_MIMEBUNDLE } from './mime';

const digits = mnistDigits(64);
const kb = (x: unknown) => Buffer.byteLength(JSON.stringify(x, null, 1)) / 1024; // nbformat saves with indent 1

test('imageGrid draws every image as a PNG data URL in one chart, wrapped into columns', async () => {
  const chart = imageGrid({ images: digits.slice(0, 10), columns: 4, title: 'Samples' });
  const { marks, items, svg } = await renderChecked(chart, /Samples/);
  assert.deepEqual(marks, ['image']);
  assert.equal(items.image, 10);
  assert.equal((svg.match(/<image /g) ?? []).length, 10);
  assert.equal((svg.match(/href="data:image\/png;base64,/g) ?? []).length, 10);
  assert.equal(chart.spec.width, 4 * 56 + 3 * 3, '4 columns of 56 px with 3 px gaps');
});

test('imageGrid rows: labelled rows (original above reconstruction) with captions', async () => {
  const chart = imageGrid({
    rows: [
      { label: 'clean', images: digits.slice(0, 5) },
      { label: 'corrupted', images: digits.slice(5, 10) },
      { label: 'output', images: digits.slice(10, 15) },
    ],
    captions: digits.slice(0, 15).map((_, i) => `#${i}`),
    title: 'Denoising',
  });
  const { marks, items, svg, drawn } = await renderChecked(chart, /Denoising/);
  const image5 = drawn.image.find((d) => d.datum.i === 5)!,
    caption5 = drawn.text.find((d) => d.datum.caption === '#5')!;
  assert.equal(caption5.x, image5.x + 28, 'caption 5 is centred under image 5 (first of row 2)');
  assert.ok(caption5.y > image5.y + 56 - 1 && caption5.y < image5.y + 56 + 16, 'just below it');
  assert.deepEqual(marks, ['image', 'text', 'text']);
  assert.equal(items.image, 15);
  assert.equal(items.text, 15 + 3, 'a caption per image and a label per row');
  for (const s of ['clean', 'corrupted', 'output', '#14']) assert.ok(svg.includes(`>${s}<`), s);
});

test('a 64-digit grid stays under 100 KB as a saved notebook output (Vega-Lite + SVG + text)', async () => {
  for (const captions of [undefined, digits.map((_, i) => `digit ${i}`)]) {
    const bundle = await imageGrid({ images: digits, captions, title: '64 digits' })[REPR_MIMEBUNDLE]();
    const size = kb(bundle);
    console.log(`64-digit grid bundle${captions ? ' with captions' : ''}: ${size.toFixed(1)} KB`);
    assert.ok(size < 100, `${size.toFixed(1)} KB`);
    assert.deepEqual(Object.keys(bundle).sort(), ['application/vnd.vegalite.v5+json', 'image/svg+xml', 'text/plain']);
  }
});

test('imageGrid rejects non-square, NaN, ragged rows, empty input and mismatched captions', () => {
  assert.throws(
    () => imageGrid({ images: [new Array(780).fill(0)] }),
    /images\[0\] has 780 pixels, which is not a square image/,
  );
  assert.throws(
    () => imageGrid({ images: [digits[0], new Array(16).fill(0)] }),
    /images\[1\] is 4×4 but images\[0\] is 28×28/,
  );
  assert.throws(() => imageGrid({ images: [digits[0].map((v, i) => (i === 3 ? NaN : v))] }), /images\[0\]\[3\] is NaN/);
  assert.throws(() => imageGrid({ images: [] }), /images is empty/);
  assert.throws(
    () =>
      imageGrid({
        rows: [
          { label: 'a', images: digits.slice(0, 3) },
          { label: 'b', images: digits.slice(0, 2) },
        ],
      }),
    /rows\[1\]\.images has 2/,
  );
  assert.throws(
    () => imageGrid({ images: digits.slice(0, 3), captions: ['a'] }),
    /images has 3 items but captions has 1/,
  );
  assert.throws(() => imageGrid({}), /exactly one of `images`/);
});
