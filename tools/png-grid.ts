/**
 * A grid of grayscale images as a PNG (pngjs): n images of h × w pixels in [0, 1], laid out in
 * rows of `columns` separated by `gap`-pixel white lines, each pixel scaled up `scale` times.
 */
import { PNG } from 'pngjs';

export interface GridOptions {
  /** Images per row. Default ⌈√n⌉. */
  columns?: number;
  /** Border between images, in output pixels. Default 2. */
  gap?: number;
  /** Upscaling factor of every pixel. Default 2. */
  scale?: number;
}

/** pixels: [n, h·w] row-major, values in [0, 1] (clipped) → PNG file bytes. */
export function gridPng(pixels: Float32Array, n: number, h: number, w: number, options: GridOptions = {}): Buffer {
  const { columns = Math.ceil(Math.sqrt(n)), gap = 2, scale = 2 } = options;
  const rows = Math.ceil(n / columns);
  const [cellH, cellW] = [h * scale + gap, w * scale + gap];
  const png = new PNG({ width: columns * cellW + gap, height: rows * cellH + gap });
  png.data.fill(255);
  for (let i = 0; i < n; i++) {
    const [top, left] = [gap + Math.floor(i / columns) * cellH, gap + (i % columns) * cellW];
    for (let y = 0; y < h * scale; y++) {
      for (let x = 0; x < w * scale; x++) {
        const v = pixels[i * h * w + Math.floor(y / scale) * w + Math.floor(x / scale)];
        const grey = Math.round(255 * Math.min(1, Math.max(0, v)));
        const o = 4 * ((top + y) * png.width + left + x);
        png.data[o] = png.data[o + 1] = png.data[o + 2] = grey; // as in the data: white strokes on black
        png.data[o + 3] = 255;
      }
    }
  }
  return PNG.sync.write(png);
}
