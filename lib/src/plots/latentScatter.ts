/**
 * The latent space drawn as points: each encoded input x_i becomes its latent mean z_i ∈ ℝ²,
 * coloured by class. Holes and overlaps between classes are what lectures 03–04 discuss.
 *
 * Interaction (in JupyterLab or any vega-embed page): scroll to zoom, drag to pan, hover for the
 * index and label, click a legend entry to highlight that class (shift-click for several).
 * For d > 2 latent dimensions pass a `projection`, such as `pca(z)`.
 *
 * @example
 *   latentScatter({ z: zMean, labels });                    // z: [n, 2]
 *   latentScatter({ z: zMean, labels, projection: pca(zMean) }); // z: [n, d]
 */
import { checkPoints, checkSameLength, PlotInputError } from './check';
import { Chart } from './chart';
import type { Projection } from './pca';
import { frame, round, type ChartFrame } from './theme';

export interface LatentScatterOptions extends Partial<ChartFrame> {
  /** Latent points, one row per input. [n, 2], or [n, d] with a `projection`. */
  z: ArrayLike<number>[];
  /** Class of each point (digit, garment…). [n]. Default: none, one colour. */
  labels?: ArrayLike<number | string>;
  /** Map [n, d] → [n, 2] for d > 2 (e.g. `pca(z)`); its axis titles replace z₁, z₂. Default: none. */
  projection?: Projection;
  /** Legend title. Default 'class'. */
  labelTitle?: string;
  /** Point area in px². Default 16. */
  pointSize?: number;
  /** Draw at most this many points, an evenly strided subset (indices in tooltips stay the
   * originals), so a saved notebook stays small: ~200 bytes per point for spec + SVG. Default 2000. */
  maxPoints?: number;
}

const OPACITY = 0.75;
const FADED = 0.06;

/** Indices ⌊k · n / m⌋, k = 0 … m − 1: m of n items spread evenly (all of them when n ≤ m). */
function strided(n: number, m: number): number[] {
  if (!Number.isInteger(m) || m < 1)
    throw new PlotInputError(`latentScatter: maxPoints = ${m}; expected a positive integer.`);
  return Array.from({ length: Math.min(n, m) }, (_, k) => (n <= m ? k : Math.floor((k * n) / m)));
}

export function latentScatter(options: LatentScatterOptions): Chart {
  const { z, labels, projection, labelTitle = 'class', pointSize = 16, maxPoints = 2000 } = options;
  const { title = 'Latent space', subtitle, width = 380, height = 380 } = options;
  const d = checkPoints('latentScatter', 'z', z);
  if (labels) checkSameLength('latentScatter', ['z', z], ['labels', labels]);
  if (d !== 2 && !projection) {
    throw new PlotInputError(
      `latentScatter: z has ${d} dimensions per point; expected 2. ` +
        'For more, pass a projection, e.g. latentScatter({ z, labels, projection: pca(z) }).',
    );
  }
  const xy = projection ? projection.project(z) : z;
  const [xTitle, yTitle] = projection ? projection.axisTitles : ['z₁', 'z₂'];
  const shown = strided(xy.length, maxPoints);
  const values = shown.map((i) => ({ i, x: round(xy[i][0]), y: round(xy[i][1]), ...(labels && { label: labels[i] }) }));
  const count =
    shown.length < xy.length ? `${shown.length} of ${xy.length} points (evenly strided)` : `${xy.length} points`;
  const highlight = { name: 'pick', select: { type: 'point', fields: ['label'] }, bind: 'legend' };
  return new Chart({
    ...frame({
      title,
      subtitle:
        subtitle ?? `${count}; scroll to zoom, drag to pan` + (labels ? ', click the legend to highlight a class' : ''),
      width,
      height,
    }),
    data: { values },
    params: [{ name: 'zoom', select: 'interval', bind: 'scales' }, ...(labels ? [highlight] : [])],
    mark: { type: 'circle', size: pointSize, aria: false }, // per-point aria labels would triple the SVG
    encoding: {
      x: { field: 'x', type: 'quantitative', title: xTitle, scale: { zero: false } },
      y: { field: 'y', type: 'quantitative', title: yTitle, scale: { zero: false } },
      ...(labels && {
        color: { field: 'label', type: 'nominal', title: labelTitle },
        opacity: { condition: { param: 'pick', value: OPACITY }, value: FADED },
      }),
      tooltip: [
        { field: 'i', type: 'quantitative', title: 'index' },
        ...(labels ? [{ field: 'label', type: 'nominal', title: labelTitle }] : []),
        { field: 'x', type: 'quantitative', title: xTitle, format: '.3f' },
        { field: 'y', type: 'quantitative', title: yTitle, format: '.3f' },
      ],
    },
  });
}
