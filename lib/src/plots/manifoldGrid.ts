/**
 * The decoder's manifold: decode x̂ = g(z) at every point of a regular grid in a 2-D latent space
 * and tile the images at their z coordinates, so the axes are the latent axes z₁, z₂. Smooth
 * morphing between neighbours is what a continuous latent space (a VAE's) looks like.
 *
 * Image k is decoded at latentGrid(z1, z2)[k] = [z1[c], z2[r]] with k = r · |z1| + c.
 *
 * @example
 *   const z1 = linspace(-3, 3, 15), z2 = linspace(-3, 3, 15);
 *   const images = decode(latentGrid(z1, z2));      // [225, 784]
 *   manifoldGrid({ z1, z2, images });
 */
import { checkFinite, checkNonEmpty, PlotInputError, squareSide } from './check';
import { Chart } from './chart';
import { pngDataURL } from './png';
import { frame, round, type ChartFrame } from './theme';

/** n evenly spaced values from a to b inclusive (n ≥ 2), or [a] when n = 1. */
export function linspace(a: number, b: number, n: number): number[] {
  if (!Number.isInteger(n) || n < 1) throw new PlotInputError(`linspace: n = ${n}; expected a positive integer.`);
  return Array.from({ length: n }, (_, i) => (n === 1 ? a : a + ((b - a) * i) / (n - 1)));
}

/** The grid points in the order manifoldGrid expects: [z1[c], z2[r]] at k = r · |z1| + c. [|z1|·|z2|, 2] */
export function latentGrid(z1: ArrayLike<number>, z2: ArrayLike<number>): number[][] {
  return Array.from(z2).flatMap((b) => Array.from(z1, (a) => [a, b]));
}

/** Step of an evenly spaced increasing axis; fails on irregular or decreasing values. */
function step(what: string, zs: ArrayLike<number>): number {
  checkNonEmpty('manifoldGrid', what, zs);
  checkFinite('manifoldGrid', what, zs);
  if (zs.length === 1) return 1;
  const h = (zs[zs.length - 1] - zs[0]) / (zs.length - 1);
  for (let i = 1; i < zs.length; i++) {
    if (!(h > 0) || Math.abs(zs[i] - zs[i - 1] - h) > 1e-6 * Math.max(1, Math.abs(h))) {
      throw new PlotInputError(
        `manifoldGrid: ${what} must be evenly spaced and increasing (use linspace); ` +
          `found ${what}[${i - 1}] = ${zs[i - 1]}, ${what}[${i}] = ${zs[i]}.`,
      );
    }
  }
  return h;
}

export interface ManifoldGridOptions extends Partial<Omit<ChartFrame, 'width' | 'height'>> {
  /** Grid values along z₁ (columns), evenly spaced, increasing. */
  z1: ArrayLike<number>;
  /** Grid values along z₂ (rows), evenly spaced, increasing. */
  z2: ArrayLike<number>;
  /** Decoded images, flat square grayscale, in latentGrid order. [|z1|·|z2|, side²] */
  images: ArrayLike<number>[];
  /** Displayed size of each image in px. Default: the image side (28 px for MNIST). */
  cellSize?: number;
  /** Pixel value range shown black…white. Default [0, 1]. */
  range?: [number, number];
}

export function manifoldGrid(options: ManifoldGridOptions): Chart {
  const { z1, z2, images, range, title = 'Decoder manifold', subtitle } = options;
  const [h1, h2] = [step('z1', z1), step('z2', z2)];
  if (images.length !== z1.length * z2.length) {
    throw new PlotInputError(
      `manifoldGrid: ${images.length} images for a ${z1.length}×${z2.length} grid; ` +
        `expected ${z1.length * z2.length}, decoded at latentGrid(z1, z2).`,
    );
  }
  const side = squareSide('manifoldGrid', 'images', images);
  const cell = options.cellSize ?? side;
  const values = latentGrid(z1, z2).map(([a, b], k) => ({
    z1: round(a),
    z2: round(b),
    url: pngDataURL(images[k], { range }),
  }));
  const axis = (field: string, zs: ArrayLike<number>, h: number) => ({
    field,
    type: 'quantitative',
    title: field === 'z1' ? 'z₁' : 'z₂',
    scale: { domain: [zs[0] - h / 2, zs[zs.length - 1] + h / 2], nice: false, zero: false },
  });
  return new Chart({
    ...frame({ title, subtitle, width: cell * z1.length, height: cell * z2.length }),
    data: { values },
    mark: { type: 'image', width: cell, height: cell, aria: false },
    encoding: { x: axis('z1', z1, h1), y: axis('z2', z2, h2), url: { field: 'url', type: 'nominal' } },
  });
}
