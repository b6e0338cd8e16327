/**
 * Grayscale images → PNG bytes → `data:` URLs, for Vega-Lite `image` marks and for files.
 *
 * A pixel value v is mapped linearly from `range = [lo, hi]` to a byte:
 *   byte = round(255 · clamp((v − lo) / (hi − lo), 0, 1)).
 * Encoding is done by `pngjs` as 8-bit grayscale (PNG colour type 0), the smallest lossless form
 * for MNIST-like images (a 28×28 digit is typically ~250–400 bytes).
 *
 * @example
 *   const url = pngDataURL(new Float32Array(784).fill(0.5)); // 'data:image/png;base64,iVBOR…'
 */
import { PNG } from 'pngjs';
import { PlotInputError, squareSide } from './check';

export interface PngOptions {
  /** Value range mapped to black…white. Default [0, 1]; values outside are clipped. */
  range?: [number, number];
  /** Integer upscaling factor (nearest neighbour), so small images stay crisp when shown larger. Default 1. */
  scale?: number;
}

/** Encode one square grayscale image, stored flat row-major (length side²), as PNG bytes. */
export function encodePNG(pixels: ArrayLike<number>, { range = [0, 1], scale = 1 }: PngOptions = {}): Buffer {
  const side = squareSide('encodePNG', 'pixels', [pixels]);
  const [lo, hi] = range;
  if (!(hi > lo)) throw new PlotInputError(`encodePNG: range [${lo}, ${hi}] is empty; pass [min, max] with min < max.`);
  if (!Number.isInteger(scale) || scale < 1) throw new PlotInputError(`encodePNG: scale ${scale} must be a positive integer.`);
  const n = side * scale;
  const gray = Buffer.alloc(n * n); // [n, n] bytes, one per output pixel
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const v = (pixels[Math.floor(r / scale) * side + Math.floor(c / scale)] - lo) / (hi - lo);
      gray[r * n + c] = Math.round(255 * Math.min(1, Math.max(0, v)));
    }
  }
  const png = new PNG({ width: n, height: n, colorType: 0, inputColorType: 0, bitDepth: 8 });
  png.data = gray;
  // deflate's default strategy beats pngjs's default (RLE) by ~5–20% on digits
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, bitDepth: 8, deflateStrategy: 0 });
}

/** `data:image/png;base64,…` URL of one image, for a Vega-Lite `image` mark's `url` channel. */
export function pngDataURL(pixels: ArrayLike<number>, options: PngOptions = {}): string {
  return `data:image/png;base64,${encodePNG(pixels, options).toString('base64')}`;
}
