/**
 * Interpolation in latent space: decode images along a path from z_a to z_b and show them in one
 * row, captioned with the path parameter t ∈ [0, 1].
 *
 *   linear:  z(t) = (1 − t) z_a + t z_b
 *   slerp:   z(t) = sin((1 − t)Ω)/sin Ω · z_a + sin(tΩ)/sin Ω · z_b,  cos Ω = z_a·z_b / (‖z_a‖‖z_b‖)
 * Slerp keeps ‖z‖ near the typical radius √d of N(0, I) samples, where linear paths cut through
 * the low-density centre.
 *
 * @example
 *   const path = interpolate(zA, zB, 9, 'slerp');        // [9, d]
 *   interpolationStrip({ images: decode(path) });
 */
import { checkFinite, checkPoints, checkSameLength, PlotInputError } from './check';
import type { Chart } from './chart';
import { imageGrid } from './imageGrid';
import type { ChartFrame } from './theme';

/** `steps` latents from zA to zB inclusive (steps ≥ 2). [steps, d] */
export function interpolate(
  zA: ArrayLike<number>,
  zB: ArrayLike<number>,
  steps: number,
  method: 'linear' | 'slerp' = 'linear',
): number[][] {
  checkPoints('interpolate', 'endpoints [zA, zB]', [zA, zB]);
  if (!Number.isInteger(steps) || steps < 2)
    throw new PlotInputError(`interpolate: steps = ${steps}; expected an integer ≥ 2.`);
  const a = Array.from(zA),
    b = Array.from(zB);
  const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  const cosOmega = a.reduce((s, x, j) => s + x * b[j], 0) / (norm(a) * norm(b));
  const omega = Math.acos(Math.min(1, Math.max(-1, cosOmega)));
  const useSlerp = method === 'slerp' && Number.isFinite(cosOmega) && Math.sin(omega) > 1e-6; // else slerp → lerp
  return Array.from({ length: steps }, (_, i) => {
    const t = i / (steps - 1);
    const [wa, wb] = useSlerp
      ? [Math.sin((1 - t) * omega) / Math.sin(omega), Math.sin(t * omega) / Math.sin(omega)]
      : [1 - t, t];
    return a.map((x, j) => wa * x + wb * b[j]);
  });
}

export interface InterpolationStripOptions extends Partial<Omit<ChartFrame, 'width' | 'height'>> {
  /** Decoded images along the path, flat square grayscale. [steps, side²] */
  images: ArrayLike<number>[];
  /** Path parameter of each image, shown as its caption. Default: evenly spaced 0…1. */
  t?: ArrayLike<number>;
  /** Displayed size of each image in px. Default: 2 × image side, at most 64. */
  cellSize?: number;
}

export function interpolationStrip(options: InterpolationStripOptions): Chart {
  const { images, cellSize, title = 'Latent interpolation', subtitle } = options;
  const t = options.t ?? images.map((_, i) => (images.length === 1 ? 0 : i / (images.length - 1)));
  checkSameLength('interpolationStrip', ['images', images], ['t', t]);
  checkFinite('interpolationStrip', 't', t);
  return imageGrid({
    images,
    columns: images.length,
    cellSize,
    title,
    subtitle: subtitle ?? 'from z_a (left) to z_b (right)',
    captions: Array.from(t, (v) => `t=${v.toFixed(2)}`),
  });
}
