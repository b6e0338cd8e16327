import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';
import { DataError, IdxDimsError, IdxMagicError, IdxTooLargeError, IdxTruncatedError } from './errors';
import { encodeIdx, gunzipIfNeeded, MAX_IDX_BYTES, parseIdx } from './idx';

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
  throwsKind(
    () => parseIdx(html, 'fixture.idx', IMAGES),
    IdxMagicError,
    /expected the IDX magic number 00 00 08 03, found 3c 68 74 6d/,
  );
});

test('bad magic: a dtype other than unsigned byte', () => {
  const floats = images.slice();
  floats[2] = 0x0d;
  throwsKind(
    () => parseIdx(floats, 'fixture.idx', IMAGES),
    IdxMagicError,
    /expected dtype 0x08 \(unsigned byte\).*found 0x0d/,
  );
});

test('bad magic: a labels file (1 dim) where images (3 dims) are expected', () => {
  const labels = encodeIdx([3], Uint8Array.of(1, 2, 3));
  throwsKind(() => parseIdx(labels, 'fixture.idx', IMAGES), IdxMagicError, /expected 3 dims.*found 1.*swapped/);
});

test('truncated: fewer bytes than the magic number', () => {
  throwsKind(
    () => parseIdx(images.subarray(0, 3), 'fixture.idx', IMAGES),
    IdxTruncatedError,
    /4-byte IDX magic number, found 3 bytes/,
  );
});

test('truncated: the header ends before its dims', () => {
  throwsKind(
    () => parseIdx(images.subarray(0, 10), 'fixture.idx', IMAGES),
    IdxTruncatedError,
    /needs 16 bytes for 3 dims.*only 10/,
  );
});

test('truncated: the data ends before the announced count', () => {
  const cut = images.subarray(0, images.length - 5);
  throwsKind(
    () => parseIdx(cut, 'fixture.idx', IMAGES),
    IdxTruncatedError,
    /announces 3×2×2 = 12 data bytes, but only 7 follow/,
  );
});

test('dims that do not match the byte count: extra bytes after the data', () => {
  const long = new Uint8Array(images.length + 4);
  long.set(images);
  throwsKind(
    () => parseIdx(long, 'fixture.idx', IMAGES),
    IdxDimsError,
    /dims 3×2×2 = 12 bytes do not match the 16 data bytes/,
  );
});

test('dims other than the expected image size', () => {
  const wide = encodeIdx([2, 2, 3], new Uint8Array(12));
  throwsKind(() => parseIdx(wide, 'fixture.idx', IMAGES), IdxDimsError, /expected dims N×2×2, found 2×2×3/);
});

test('a truncated gzip stream is a truncation error; a garbled one a data error', () => {
  const gz = gzipSync(images);
  assert.throws(
    () => gunzipIfNeeded(gz.subarray(0, gz.length - 10), 'f.gz'),
    (e) => e instanceof IdxTruncatedError && /f\.gz: the gzip stream ends early/.test(e.message),
  );
  const garbled = gz.slice();
  garbled.fill(0xff, 10, 20);
  assert.throws(
    () => gunzipIfNeeded(garbled, 'f.gz'),
    (e) => e instanceof DataError && /f\.gz: starts like gzip.*not a valid gzip stream/.test(e.message),
  );
});

test('a zero dimension in the header is rejected there, raw or gzipped, before any count check', () => {
  for (const dims of [
    [0, 28, 28],
    [5, 0, 28],
  ]) {
    const empty = encodeIdx(dims, new Uint8Array(0));
    throwsKind(
      () => parseIdx(empty, 'fixture.idx', { ndim: 3 }),
      IdxDimsError,
      /announces dims .*with a zero dimension/,
    );
    throwsKind(() => gunzipIfNeeded(gzipSync(empty), 'fixture.idx'), IdxDimsError, /with a zero dimension/);
  }
  throwsKind(
    () => parseIdx(encodeIdx([0], new Uint8Array(0)), 'fixture.idx', { ndim: 1 }),
    IdxDimsError,
    /dims 0, with a zero/,
  );
});

/** A gzip file of several members (gunzip reads them all): an IDX header, then `mib` members of 1 MiB of zeros (about 1 KB each). */
function bomb(dims: number[], mib: number): Buffer {
  const zeros = gzipSync(Buffer.alloc(1 << 20), { level: 9 });
  return Buffer.concat([gzipSync(encodeIdx(dims, new Uint8Array(0))), ...new Array<Buffer>(mib).fill(zeros)]);
}

/** A valid gzip file whose header carries `extra` bytes of FEXTRA, so the IDX header is not in its first kilobyte. */
function gzipWithLongHeader(payload: Uint8Array, extra: number): Buffer {
  const head = Buffer.from([0x1f, 0x8b, 8, 0x04, 0, 0, 0, 0, 0, 255, extra & 0xff, extra >> 8]); // FLG.FEXTRA, XLEN
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(payload), 0);
  trailer.writeUInt32LE(payload.length % 2 ** 32, 4);
  return Buffer.concat([head, Buffer.alloc(extra), deflateRawSync(payload), trailer]);
}

test('a gzip that inflates past what its IDX header announces stops there: 200 MiB from a 200 KB file', () => {
  const gz = bomb([10, 28, 28], 200);
  assert.ok(gz.length < 300_000, `the bomb is small: ${gz.length} bytes`);
  throwsKind(
    () => gunzipIfNeeded(gz, 'fixture.idx'),
    IdxTooLargeError,
    /inflates to more than the 7856 bytes its IDX header announces/,
  );
});

test('a header announcing more than MNIST-sized data needs is refused before its data are inflated', () => {
  const dims = [100_000, 28, 28]; // 78.4 MB > 64 MiB
  throwsKind(
    () => gunzipIfNeeded(bomb(dims, 1), 'fixture.idx'),
    IdxTooLargeError,
    /announces dims 100000×28×28, 78400016 bytes in all, more than the 67108864-byte limit/,
  );
  assert.ok(MAX_IDX_BYTES >= 47_040_016, 'the 60,000 MNIST training images still fit');
});

test('gzipped bytes that are not IDX fail at the magic number, before inflating the rest', () => {
  const zeros = Buffer.concat(new Array<Buffer>(50).fill(gzipSync(Buffer.alloc(1 << 20), { level: 9 })));
  throwsKind(() => gunzipIfNeeded(zeros, 'fixture.idx'), IdxMagicError, /expected dtype 0x08/);
});

test('when the IDX header is not within the first kilobyte, the hard cap bounds the inflate', () => {
  assert.deepEqual(
    [...gunzipIfNeeded(gzipWithLongHeader(images, 4000), 'fixture.idx')],
    [...images],
    'a valid file still reads',
  );
  const big = encodeIdx([4, 28, 28], new Uint8Array(4 * 784));
  throwsKind(
    () => gunzipIfNeeded(gzipWithLongHeader(big, 4000), 'fixture.idx', { maxBytes: 1000 }),
    IdxTooLargeError,
    /more than the 1000-byte limit/,
  );
});

test('decompressing a bomb from disk keeps the process small (peak RSS, measured in a child process)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gm-bomb-'));
  try {
    const file = join(dir, 'train-images-idx3-ubyte.gz');
    writeFileSync(file, bomb([60_000, 28, 28], 400)); // announces 47 MB, inflates to 400 MiB
    const code = `const { readFileSync } = require('node:fs');
      const { gunzipIfNeeded } = require(${JSON.stringify(join(__dirname, 'idx.ts'))});
      let name = 'none';
      try { gunzipIfNeeded(readFileSync(${JSON.stringify(file)}), 'bomb'); } catch (e) { name = e.name; }
      console.log(JSON.stringify({ name, maxRssMB: process.resourceUsage().maxRSS / 1024 }));`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const { name, maxRssMB } = JSON.parse(r.stdout.trim().split('\n').pop()!) as { name: string; maxRssMB: number };
    assert.equal(name, 'IdxTooLargeError');
    // the header's 47 MB (twice, while Node joins the chunks) plus Node itself; inflating it whole would need over 400 MB
    assert.ok(maxRssMB < 250, `peak RSS ${maxRssMB.toFixed(0)} MB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
