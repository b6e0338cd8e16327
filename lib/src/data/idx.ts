/**
 * The IDX file format of MNIST and Fashion-MNIST (LeCun et al.), raw or gzip-compressed.
 *
 *   bytes 0–1   0x00 0x00
 *   byte  2     dtype: 0x08 = unsigned byte (the only one these datasets use)
 *   byte  3     ndim
 *   then ndim big-endian uint32 sizes d_1 … d_ndim, then d_1·…·d_ndim data bytes, row-major.
 *
 * Images are idx3 (magic 0x00000803, dims [N, 28, 28]); labels are idx1 (0x00000801, dims [N]).
 * Parsing never copies the data: `data` is a view into the file's bytes.
 *
 * A .gz file is inflated only as far as its own header allows: the first inflated bytes hold the
 * IDX header, which announces exactly 4 + 4·ndim + ∏ dᵢ bytes, so inflating stops there (and at
 * MAX_IDX_BYTES whatever the header says). A small file that inflates to gigabytes (a
 * decompression bomb, or a damaged one) fails at that bound instead of exhausting memory.
 */
import { constants, gunzipSync } from 'node:zlib';
import { DataError, IdxDimsError, IdxMagicError, IdxTooLargeError, IdxTruncatedError } from './errors';

const UBYTE = 0x08;
const GZIP_MAGIC = [0x1f, 0x8b];
const REFETCH =
  'The file is damaged or incomplete: delete it and run `npm run data -- verify` to see where it should come from.';

/**
 * The most an IDX file may inflate to, header included: 64 MiB. The largest file of MNIST and
 * Fashion-MNIST, the 60,000 training images, is 47,040,016 bytes.
 */
export const MAX_IDX_BYTES = 64 * 1024 * 1024;
/** Compressed bytes inflated to read the IDX header: deflate's ratio is at most 1032:1, so ≤ ~1 MB. */
const HEADER_PROBE = 1024;

export interface Idx {
  dims: number[];
  data: Uint8Array; // [d_1 · … · d_ndim], row-major
}

/** What the caller expects: number of dims and, optionally, the size of each (null = any). */
export interface IdxExpectation {
  ndim: number;
  dims?: (number | null)[];
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

export interface GunzipOptions {
  /** Bytes the file may inflate to at most, whatever its header announces. Default MAX_IDX_BYTES. */
  maxBytes?: number;
}

/**
 * Decompress when the bytes start with the gzip magic 1f 8b; otherwise return them as they are.
 * Inflates no more than the IDX header announces (or `maxBytes` when the header cannot be read
 * from the first bytes), so a decompression bomb fails fast with IdxTooLargeError.
 */
export function gunzipIfNeeded(bytes: Uint8Array, file: string, options: GunzipOptions = {}): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  const cap = options.maxBytes ?? MAX_IDX_BYTES;
  const limit = announcedBytes(bytes, file, cap) ?? cap;
  try {
    return gunzipSync(bytes, { maxOutputLength: limit });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') {
      const bound =
        limit < cap ? `the ${limit} bytes its IDX header announces` : `the ${cap}-byte limit for MNIST-sized data`;
      throw new IdxTooLargeError(
        `${file}: inflates to more than ${bound}; decompression was stopped there (a damaged file, or a decompression bomb). ${REFETCH}`,
        file,
      );
    }
    if (code === 'Z_BUF_ERROR') {
      throw new IdxTruncatedError(`${file}: the gzip stream ends early (unexpected end of file). ${REFETCH}`, file);
    }
    throw new DataError(
      `${file}: starts like gzip (1f 8b) but is not a valid gzip stream (${(e as Error).message}). ${REFETCH}`,
      file,
    );
  }
}

/**
 * Header and data bytes announced by the IDX header at the start of a gzip stream, read from the
 * inflated first HEADER_PROBE compressed bytes; null when those do not reach the whole header (a
 * long gzip header, a broken stream: the full inflate then reports it, bounded by `cap`).
 */
function announcedBytes(gz: Uint8Array, file: string, cap: number): number | null {
  let head: Uint8Array;
  try {
    head = gunzipSync(gz.subarray(0, HEADER_PROBE), { finishFlush: constants.Z_SYNC_FLUSH });
  } catch {
    return null;
  }
  if (head.length < 4) return null;
  const ndim = checkMagic(head, file, head[3]);
  const headerBytes = 4 + 4 * ndim;
  if (head.length < headerBytes) return null;
  const view = new DataView(head.buffer, head.byteOffset, headerBytes);
  const dims = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i, false));
  checkNonEmpty(dims, file);
  const total = headerBytes + dims.reduce((a, d) => a * d, 1); // inexact only far above any cap
  if (total > cap) {
    throw new IdxTooLargeError(
      `${file}: the IDX header announces dims ${dims.join('×')}, ${total} bytes in all, more than the ${cap}-byte limit for ` +
        `MNIST-sized data; its data were not inflated. ${REFETCH}`,
      file,
    );
  }
  return total;
}

/** Encode unsigned bytes with their dims as an IDX file (the inverse of `parseIdx`). */
export function encodeIdx(dims: number[], data: Uint8Array): Uint8Array {
  const header = 4 + 4 * dims.length;
  const out = new Uint8Array(header + data.length);
  const view = new DataView(out.buffer);
  out.set([0, 0, UBYTE, dims.length]);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, header);
  return out;
}

/** Parse IDX bytes (already decompressed), checking magic, dtype, dims and the byte count. */
export function parseIdx(bytes: Uint8Array, file: string, expect: IdxExpectation): Idx {
  const ndim = checkMagic(bytes, file, expect.ndim);
  const headerBytes = 4 + 4 * ndim;
  if (bytes.length < headerBytes) {
    throw new IdxTruncatedError(
      `${file}: the IDX header needs ${headerBytes} bytes for ${ndim} dims, but the file has only ${bytes.length}. ${REFETCH}`,
      file,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, headerBytes);
  const dims = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i, false));
  checkNonEmpty(dims, file);
  checkDims(dims, expect.dims, file);
  const expected = dims.reduce((a, b) => a * b, 1);
  const found = bytes.length - headerBytes;
  const shape = dims.join('×');
  if (found < expected) {
    throw new IdxTruncatedError(
      `${file}: the header announces ${shape} = ${expected} data bytes, but only ${found} follow. ${REFETCH}`,
      file,
    );
  }
  if (found > expected) {
    throw new IdxDimsError(
      `${file}: the header's dims ${shape} = ${expected} bytes do not match the ${found} data bytes in the file. ${REFETCH}`,
      file,
    );
  }
  return { dims, data: new Uint8Array(bytes.buffer, bytes.byteOffset + headerBytes, expected) };
}

function checkMagic(bytes: Uint8Array, file: string, ndim: number): number {
  if (bytes.length < 4) {
    throw new IdxTruncatedError(
      `${file}: expected at least the 4-byte IDX magic number, found ${bytes.length} bytes. ${REFETCH}`,
      file,
    );
  }
  const hex = (b: number) => `0x${b.toString(16).padStart(2, '0')}`;
  const expected = `00 00 08 ${hex(ndim).slice(2)}`;
  const found = Array.from(bytes.subarray(0, 4), (b) => hex(b).slice(2)).join(' ');
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new IdxMagicError(
      `${file}: expected the IDX magic number ${expected}, found ${found}: this is not an IDX file. ${REFETCH}`,
      file,
    );
  }
  if (bytes[2] !== UBYTE) {
    throw new IdxMagicError(
      `${file}: expected dtype ${hex(UBYTE)} (unsigned byte) in the magic number ${expected}, found ${hex(bytes[2])}. ` +
        'genmodels reads only unsigned-byte IDX files such as MNIST.',
      file,
    );
  }
  if (bytes[3] !== ndim) {
    throw new IdxMagicError(
      `${file}: expected ${ndim} dims (magic ${expected}), found ${bytes[3]} (magic ${found}). ` +
        'Are the images and labels files swapped?',
      file,
    );
  }
  return ndim;
}

/** A zero dimension announces an empty set: no dataset of ours is empty, so the header is wrong. */
function checkNonEmpty(dims: number[], file: string): void {
  if (dims.every((d) => d > 0)) return;
  throw new IdxDimsError(
    `${file}: the IDX header announces dims ${dims.join('×')}, with a zero dimension: an empty file, not a dataset. ${REFETCH}`,
    file,
  );
}

function checkDims(dims: number[], expected: (number | null)[] | undefined, file: string): void {
  if (!expected) return;
  const ok = expected.every((d, i) => d === null || d === dims[i]);
  if (!ok) {
    const want = expected.map((d) => d ?? 'N').join('×');
    throw new IdxDimsError(
      `${file}: expected dims ${want}, found ${dims.join('×')}. Is this the right file for this dataset?`,
      file,
    );
  }
}
