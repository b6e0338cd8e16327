/**
 * Image-shaped tensors as PNG. A tensor counts as an image when it is [H, W, C] with C = 1
 * (grey), 3 (RGB) or 4 (RGBA), 8 ≤ H, W ≤ 2048, and its values are pixel intensities: floats in
 * [0, 1] or integers in [0, 255]. Small images are enlarged by an integer factor (nearest
 * neighbour) so a 28×28 digit is not a speck: factor = max(1, ⌊MIN_SIDE / max(H, W)⌋).
 */
import { PNG } from 'pngjs';

const MIN_SIDE = 112;

export interface PixelTensor {
  shape: number[];
  dtype: string;
  dataSync(): ArrayLike<number>;
}

/** The tensor's values scaled to bytes, or null when it is not image-shaped. */
function pixels(t: PixelTensor): { h: number; w: number; c: number; bytes: Uint8Array } | null {
  const [h, w, c] = t.shape;
  if (t.shape.length !== 3 || ![1, 3, 4].includes(c) || Math.min(h, w) < 8 || Math.max(h, w) > 2048) return null;
  if (t.dtype !== 'float32' && t.dtype !== 'int32') return null;
  const values = t.dataSync();
  const max = t.dtype === 'float32' ? 1 : 255;
  const slack = 1e-5 * max; // float rounding at the ends of [0, 1]
  const bytes = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= -slack && v <= max + slack)) return null;
    bytes[i] = Math.round((Math.min(Math.max(v, 0), max) / max) * 255);
  }
  return { h, w, c, bytes };
}

/** PNG bytes of an image-shaped tensor, or null. */
export function tensorToPNG(t: PixelTensor): Uint8Array | null {
  const img = pixels(t);
  if (!img) return null;
  const { h, w, c, bytes } = img;
  const k = Math.max(1, Math.floor(MIN_SIDE / Math.max(h, w)));
  const png = new PNG({ width: w * k, height: h * k });
  for (let y = 0; y < h * k; y++) {
    for (let x = 0; x < w * k; x++) {
      const src = (Math.floor(y / k) * w + Math.floor(x / k)) * c; // [H, W, C] row-major
      const dst = (y * w * k + x) * 4; // RGBA
      png.data[dst] = bytes[src];
      png.data[dst + 1] = bytes[src + (c >= 3 ? 1 : 0)];
      png.data[dst + 2] = bytes[src + (c >= 3 ? 2 : 0)];
      png.data[dst + 3] = c === 4 ? bytes[src + 3] : 255;
    }
  }
  return PNG.sync.write(png);
}
