/**
 * One latent coordinate's distribution against the prior N(0, 1). For a VAE the aggregate
 * posterior q(z) = E_x q(z|x) should match p(z) = N(0, 1); a narrow spike at 0 is a collapsed
 * (unused) dimension, a wide or shifted one is a mismatch.
 *
 * The histogram is drawn as a density, so its area is 1 and it sits on the same scale as
 *   φ(z) = exp(−z²/2) / √(2π):
 * with bin width w and n values, bin j has height count_j / (n · w).
 *
 * @example
 *   latentHistogram({ values: zMean.map((z) => z[0]), name: 'z₁' });
 */
import { checkFinite, checkNonEmpty, PlotInputError } from './check';
import { Chart } from './chart';
import { frame, PALETTE, round, type ChartFrame } from './theme';

export interface Bin {
  start: number;
  end: number;
  density: number;
}

/** Density histogram with `bins` equal bins over [lo, hi] (values outside are dropped). */
export function densityHistogram(values: ArrayLike<number>, bins: number, lo: number, hi: number): Bin[] {
  if (!Number.isInteger(bins) || bins < 1)
    throw new PlotInputError(`densityHistogram: bins = ${bins}; expected a positive integer.`);
  const w = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const j = Math.min(bins - 1, Math.floor((values[i] - lo) / w));
    if (j >= 0 && values[i] <= hi) counts[j]++;
  }
  return counts.map((c, j) => ({ start: lo + j * w, end: lo + (j + 1) * w, density: c / (values.length * w) }));
}

export const stdNormalPdf = (z: number): number => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);

export interface LatentHistogramOptions extends Partial<ChartFrame> {
  /** Samples of one latent coordinate (e.g. z_mean[:, j] over the test set). [n] */
  values: ArrayLike<number>;
  /** Name of the coordinate, for the axis. Default 'z₁'. */
  name?: string;
  /** Number of bins. Default 40. */
  bins?: number;
}

export function latentHistogram(options: LatentHistogramOptions): Chart {
  const { values, name = 'z₁', bins = 40, width = 420, height = 240 } = options;
  checkNonEmpty('latentHistogram', 'values', values);
  checkFinite('latentHistogram', 'values', values);
  let [lo, hi] = [-4, 4];
  for (let i = 0; i < values.length; i++) [lo, hi] = [Math.min(lo, values[i]), Math.max(hi, values[i])];
  const hist = densityHistogram(values, bins, lo, hi).map((b) => ({
    start: round(b.start),
    end: round(b.end),
    density: round(b.density),
  }));
  const curve = Array.from({ length: 161 }, (_, i) => lo + ((hi - lo) * i) / 160).map((z) => ({
    z: round(z),
    pdf: round(stdNormalPdf(z)),
  }));
  const [histName, priorName] = [`${name} (histogram)`, 'prior N(0, 1)'];
  const color = (datum: string) => ({
    datum,
    type: 'nominal',
    title: null,
    scale: { domain: [histName, priorName], range: [PALETTE[4], PALETTE[3]] },
  });
  return new Chart({
    ...frame({
      title: options.title ?? `Distribution of ${name} against the prior`,
      subtitle: options.subtitle ?? `${values.length} values`,
      width,
      height,
    }),
    layer: [
      {
        data: { values: hist },
        mark: { type: 'rect', opacity: 0.85, stroke: 'white', strokeWidth: 0.5 },
        encoding: {
          x: { field: 'start', type: 'quantitative', title: name, scale: { domain: [lo, hi], nice: false } },
          x2: { field: 'end' },
          y: { field: 'density', type: 'quantitative', title: 'density' },
          y2: { datum: 0 },
          color: color(histName),
          tooltip: [
            { field: 'start', title: 'from' },
            { field: 'end', title: 'to' },
            { field: 'density', format: '.3f' },
          ],
        },
      },
      {
        data: { values: curve },
        mark: { type: 'line', strokeWidth: 2.5 },
        encoding: {
          x: { field: 'z', type: 'quantitative' },
          y: { field: 'pdf', type: 'quantitative' },
          color: color(priorName),
        },
      },
    ],
  });
}
