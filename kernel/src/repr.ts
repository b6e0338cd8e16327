/**
 * From a JavaScript value to a Jupyter MIME bundle (what `execute_result` and `display_data` carry).
 *
 * 1. A value with a method under `Symbol.for('jupyter.repr_mimebundle')` shows as the bundle it
 *    returns (awaited when it is a promise) — the protocol genmodels' charts implement
 *    (lib/src/plots/mime.ts). A `text/plain` entry is added when missing.
 * 2. A TF.js tensor shows as a summary: dtype, shape and a preview of its values; an image-shaped
 *    one ([H, W, 1|3|4], pixel values) also as PNG (tensorImage.ts).
 * 3. A promise shows as a hint to await it.
 * 4. Anything else shows as `util.inspect` text.
 * `undefined` and `null` show nothing (the bundle is null).
 */
import { inspect } from 'node:util';
import { tensorToPNG } from './tensorImage';

export type MimeBundle = { [mime: string]: unknown };

export const REPR_MIMEBUNDLE = Symbol.for('jupyter.repr_mimebundle');

const PREVIEW_LINES = 24;

interface TensorLike {
  shape: number[];
  dataSync(): ArrayLike<number>;
  dtype: string;
  size: number;
  isDisposed: boolean;
  toString(): string;
}

function isTensor(v: unknown): v is TensorLike {
  const t = v as Partial<TensorLike> | null;
  return (
    typeof t === 'object' &&
    t !== null &&
    Array.isArray(t.shape) &&
    typeof t.dtype === 'string' &&
    typeof (t as { dataSync?: unknown }).dataSync === 'function' &&
    typeof t.isDisposed === 'boolean'
  );
}

/** `Tensor float32 [2, 3]` and the first lines of TF.js's own (already elided) value print-out. */
export function tensorSummary(t: TensorLike): string {
  const head = `Tensor ${t.dtype} [${t.shape.join(', ')}]`;
  if (t.isDisposed) return `${head} (disposed)`;
  const lines = t
    .toString()
    .split('\n')
    .slice(1)
    .map((l) => l.replace(/^ {4}/, ''));
  const shown = lines.length > PREVIEW_LINES ? [...lines.slice(0, PREVIEW_LINES), '…'] : lines;
  return [`${head}, ${t.size} values`, ...shown].join('\n');
}

export function inspectText(value: unknown): string {
  return inspect(value, { depth: 4, maxArrayLength: 100, maxStringLength: 10_000, breakLength: 100 });
}

export async function toMimeBundle(value: unknown): Promise<MimeBundle | null> {
  if (value === undefined || value === null) return null;
  const repr = (value as { [REPR_MIMEBUNDLE]?: unknown })[REPR_MIMEBUNDLE];
  if (typeof repr === 'function') {
    const bundle = (await repr.call(value)) as MimeBundle;
    return { 'text/plain': inspectText(value), ...bundle };
  }
  if (isTensor(value)) {
    const png = value.isDisposed ? null : tensorToPNG(value);
    return { 'text/plain': tensorSummary(value), ...(png && { 'image/png': png }) };
  }
  if (value instanceof Promise)
    return { 'text/plain': 'Promise (not awaited: put `await` before it to see its value or its error)' };
  return { 'text/plain': inspectText(value) };
}

/** Bundle data as JSON: binary data (PNG bytes) becomes base64, as the protocol requires. */
export function encodeBundle(bundle: MimeBundle): MimeBundle {
  return Object.fromEntries(
    Object.entries(bundle).map(([mime, data]) => [
      mime,
      data instanceof Uint8Array ? Buffer.from(data).toString('base64') : data,
    ]),
  );
}
