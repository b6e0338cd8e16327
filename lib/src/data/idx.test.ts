import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { DataError, IdxDimsError, IdxMagicError, IdxTruncatedError } from './errors';
import { encodeIdx, gunzipIfNeeded, parseIdx } from './idx';

const pixels = Uint8Array.from({ length: 3 * 2 * 2 }, (_, i) => i * 20); // [3, 2, 2]
const images = encodeIdx([3, 2, 2], pixels);
const IMAGES = { ndim: 3, dims: [null, 2, 2] };

/** Assert that `fn` throws exactly `cls`, naming the file and matching `what`. */
function throwsKind(fn: () => unknown, cls: new (...a: never[]) => DataError, what: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof cls, `expected ${cls.name}, got ${(e as Error)?.name}: ${(e as Error)?.message}`);
    assert.match(e.message, /^fixture\.idx/, 'names the file first');
    assert.match(e.message, what);
    assert.equal(e.file, 'fixture.idx');
    return true;
  });
}

test('encodeIdx writes the MNIST images magic 00 00 08 03 and big-endian dims', () => {
  assert.deepEqual([...images.subarray(0, 8)], [0, 0, 8, 3, 0, 0, 0, 3]);
  assert.equal(images.length, 4 + 3 * 4 + 12);
});

test('parseIdx reads dims and data back, as a view without copying', () => {
  const idx = parseIdx(images, 'fixture.idx', IMAGES);
  assert.deepEqual(idx.dims, [3, 2, 2]);
  assert.deepEqual([...idx.data], [...pixels]);
  assert.equal(idx.data.buffer, images.buffer, 'a view into the file bytes');
});

test('gzip-compressed and raw files parse to the same data', () => {
  const unzipped = gunzipIfNeeded(gzipSync(images), 'fixture.idx.gz');
  assert.deepEqual([...parseIdx(unzipped, 'fixture.idx', IMAGES).data], [...pixels]);
  assert.equal(gunzipIfNeeded(images, 'fixture.idx'), images, 'raw bytes pass through untouched');
});

test('bad magic: non-zero first bytes, e.g. an HTML error page saved as the file', () => {
  const html = new TextEncoder().encode('<html>404 Not Found</html>');
  throwsKind(() => parseIdx(html, 'fixture.idx', IMAGES), IdxMagicError, /expected the IDX magic number 00 00 08 03, found 3c 68 74 6d/);
});

test('bad magic: a dtype other than unsigned byte', () => {
  const floats = images.slice();
  floats[2] = 0x0d;
  throwsKind(() => parseIdx(floats, 'fixture.idx', IMAGES), IdxMagicError, /expected dtype 0x08 \(unsigned byte\).*found 0x0d/);
});

test('bad magic: a labels file (1 dim) where images (3 dims) are expected', () => {
  const labels = encodeIdx([3], Uint8Array.of(1, 2, 3));
  throwsKind(() => parseIdx(labels, 'fixture.idx', IMAGES), IdxMagicError, /expected 3 dims.*found 1.*swapped/);
});

test('truncated: fewer bytes than the magic number', () => {
  throwsKind(() => parseIdx(images.subarray(0, 3), 'fixture.idx', IMAGES), IdxTruncatedError, /4-byte IDX magic number, found 3 bytes/);
});

test('truncated: the header ends before its dims', () => {
  throwsKind(() => parseIdx(images.subarray(0, 10), 'fixture.idx', IMAGES), IdxTruncatedError, /needs 16 bytes for 3 dims.*only 10/);
});

test('truncated: the data ends before the announced count', () => {
  const cut = images.subarray(0, images.length - 5);
  throwsKind(() => parseIdx(cut, 'fixture.idx', IMAGES), IdxTruncatedError, /announces 3×2×2 = 12 data bytes, but only 7 follow/);
});

test('dims that do not match the byte count: extra bytes after the data', () => {
  const long = new Uint8Array(images.length + 4);
  long.set(images);
  throwsKind(() => parseIdx(long, 'fixture.idx', IMAGES), IdxDimsError, /dims 3×2×2 = 12 bytes do not match the 16 data bytes/);
});

test('dims other than the expected image size', () => {
  const wide = encodeIdx([2, 2, 3], new Uint8Array(12));
  throwsKind(() => parseIdx(wide, 'fixture.idx', IMAGES), IdxDimsError, /expected dims N×2×2, found 2×2×3/);
});

test('a truncated gzip stream is a truncation error; a garbled one a data error', () => {
  const gz = gzipSync(images);
  assert.throws(() => gunzipIfNeeded(gz.subarray(0, gz.length - 10), 'f.gz'), (e) => e instanceof IdxTruncatedError && /f\.gz: the gzip stream ends early/.test(e.message));
  const garbled = gz.slice();
  garbled.fill(0xff, 10, 20);
  assert.throws(() => gunzipIfNeeded(garbled, 'f.gz'), (e) => e instanceof DataError && /f\.gz: starts like gzip.*not a valid gzip stream/.test(e.message));
});
