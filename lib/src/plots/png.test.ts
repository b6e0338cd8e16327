import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { encodePNG, gridPNG, pngDataURL } from './png';

const ramp = Array.from({ length: 16 }, (_, i) => i / 15); // 4×4, 0 … 1 in reading order

test('encodePNG round-trips through a PNG decoder: 8-bit gray, row-major, range mapped to 0…255', () => {
  const img = PNG.sync.read(encodePNG(ramp));
  assert.equal(img.width, 4);
  assert.equal(img.height, 4);
  const gray = Array.from({ length: 16 }, (_, k) => img.data[4 * k]); // decoder gives RGBA
  assert.deepEqual(
    gray,
    ramp.map((v) => Math.round(255 * v)),
  );
  const shifted = PNG.sync.read(
    encodePNG(
      ramp.map((v) => 2 * v - 1),
      { range: [-1, 1] },
    ),
  );
  assert.deepEqual(
    Array.from({ length: 16 }, (_, k) => shifted.data[4 * k]),
    gray,
  );
});

test('encodePNG clips out-of-range values and upscales by nearest neighbour', () => {
  const img = PNG.sync.read(encodePNG([-3, 0.5, 1, 7], { scale: 3 }));
  assert.equal(img.width, 6);
  const at = (r: number, c: number) => img.data[4 * (r * 6 + c)];
  assert.deepEqual([at(0, 0), at(2, 2), at(0, 3), at(5, 0), at(5, 5)], [0, 0, 128, 255, 255]);
});

test('pngDataURL is a base64 PNG data URL', () => {
  const url = pngDataURL(ramp);
  assert.match(url, /^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
  assert.deepEqual(Buffer.from(url.split(',')[1], 'base64'), encodePNG(ramp));
});

test('encodePNG rejects non-square images, NaN, empty ranges and bad scales', () => {
  assert.throws(() => encodePNG(new Array(10).fill(0)), /10 pixels, which is not a square image/);
  assert.throws(() => encodePNG([0, NaN, 0, 0]), /pixels\[0\]\[1\] is NaN/);
  assert.throws(() => encodePNG(ramp, { range: [1, 1] }), /range \[1, 1\] is empty/);
  assert.throws(() => encodePNG(ramp, { scale: 1.5 }), /positive integer/);
});

test('gridPNG tiles images in rows with white gaps, scaled', () => {
  const black = new Float32Array(4); // 2×2
  const white = new Float32Array(4).fill(1);
  const png = PNG.sync.read(gridPNG([black, white, black], { columns: 2, gap: 1, scale: 2 }));
  // 2 columns of 4-pixel cells + 1 gap = 9 wide; 2 rows = 9 high
  assert.deepEqual([png.width, png.height], [9, 9]);
  const at = (x: number, y: number) => png.data[4 * (y * png.width + x)];
  assert.equal(at(0, 0), 0, 'first image is black');
  assert.equal(at(4, 0), 255, 'the gap between columns is white');
  assert.equal(at(5, 3), 255, 'second image is white');
  assert.equal(at(0, 5), 0, 'third image starts the second row');
  assert.equal(at(5, 5), 255, 'the unused cell stays white');
  assert.throws(() => gridPNG([black, new Float32Array(9)]), /all images must share one size/);
});
