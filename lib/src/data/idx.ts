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
 */
import { gunzipSync } from 'node:zlib';
import { DataError, IdxDimsError, IdxMagicError, IdxTruncatedError } from './errors';

const UBYTE = 0x08;
const GZIP_MAGIC = [0x1f, 0x8b];
const REFETCH = 'The file is damaged or incomplete: delete it and run `npm run data -- verify` to see where it should come from.';

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

/** Decompress when the bytes start with the gzip magic 1f 8b; otherwise return them as they are. */
export function gunzipIfNeeded(bytes: Uint8Array, file: string): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'Z_BUF_ERROR') {
      throw new IdxTruncatedError(`${file}: the gzip stream ends early (unexpected end of file). ${REFETCH}`, file);
    }
    throw new DataError(`${file}: starts like gzip (1f 8b) but is not a valid gzip stream (${(e as Error).message}). ${REFETCH}`, file);
  }
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
  checkDims(dims, expect.dims, file);
  const expected = dims.reduce((a, b) => a * b, 1);
  const found = bytes.length - headerBytes;
  const shape = dims.join('×');
  if (found < expected) {
    throw new IdxTruncatedError(`${file}: the header announces ${shape} = ${expected} data bytes, but only ${found} follow. ${REFETCH}`, file);
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
    throw new IdxTruncatedError(`${file}: expected at least the 4-byte IDX magic number, found ${bytes.length} bytes. ${REFETCH}`, file);
  }
  const hex = (b: number) => `0x${b.toString(16).padStart(2, '0')}`;
  const expected = `00 00 08 ${hex(ndim).slice(2)}`;
  const found = Array.from(bytes.subarray(0, 4), (b) => hex(b).slice(2)).join(' ');
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new IdxMagicError(`${file}: expected the IDX magic number ${expected}, found ${found}: this is not an IDX file. ${REFETCH}`, file);
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

function checkDims(dims: number[], expected: (number | null)[] | undefined, file: string): void {
  if (!expected) return;
  const ok = expected.every((d, i) => d === null || d === dims[i]);
  if (!ok) {
    const want = expected.map((d) => d ?? 'N').join('×');
    throw new IdxDimsError(`${file}: expected dims ${want}, found ${dims.join('×')}. Is this the right file for this dataset?`, file);
  }
}
