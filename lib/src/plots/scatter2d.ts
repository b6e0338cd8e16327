/**
 * Toy 2-D data: points as a scatter, or their density as a 2-D histogram. Both use one square
 * domain for x₁ and x₂, so a circle looks like a circle: the ring that f(z) = z/10 + z/‖z‖
 * makes of N(0, I) (lecture 04) must not be drawn as an ellipse.
 *
 * density2d's cell (i, j) has height count_ij / (n · w²) for square cells of side w, so the
 * histogram integrates to 1, like the density p(x) it estimates.
 *
 * @example
 *   scatter2d({ points: ring, title: 'f(z) = z/10 + z/‖z‖' });
 *   density2d({ points: ring, bins: 50 });
 */
import { checkPoints, checkSameLength, PlotInputError } from './check';
import { Chart } from './chart';
import { frame, round, SEQUENTIAL_SCHEME, VIRIDIS_ZERO, type ChartFrame } from './theme';

export interface Scatter2dOptions extends Partial<Omit<ChartFrame, 'height'>> {
  /** Points. [n, 2] */
  points: ArrayLike<number>[];
  /** Group of each point, coloured and in the legend. [n]. Default: none. */
  groups?: ArrayLike<number | string>;
  /** Axis titles. Default ['x₁', 'x₂']. */
  axisTitles?: [string, string];
}

/** Square domain [lo, hi] covering all coordinates, with 5% margin. */
function squareDomain(points: ArrayLike<number>[]): [number, number] {
  let [lo, hi] = [Infinity, -Infinity];
  for (const p of points) [lo, hi] = [Math.min(lo, p[0], p[1]), Math.max(hi, p[0], p[1])];
  const pad = 0.05 * (hi - lo || 1);
  return [round(lo - pad), round(hi + pad)];
}

export function scatter2d(options: Scatter2dOptions): Chart {
  const { points, groups, axisTitles = ['x₁', 'x₂'], title = 'Data', subtitle, width = 360 } = options;
  checkPoints('scatter2d', 'points', points, 2);
  if (groups) checkSameLength('scatter2d', ['points', points], ['groups', groups]);
  const domain = squareDomain(points);
  const axis = (field: string, t: string) => ({
    field,
    type: 'quantitative',
    title: t,
    scale: { domain, nice: false },
  });
  return new Chart({
    ...frame({ title, subtitle: subtitle ?? `${points.length} points`, width, height: width }),
    data: {
      values: Array.from(points, (p, i) => ({ x: round(p[0]), y: round(p[1]), ...(groups && { group: groups[i] }) })),
    },
    params: [{ name: 'zoom', select: 'interval', bind: 'scales' }],
    mark: { type: 'circle', size: 12, opacity: 0.6, aria: false }, // per-point aria labels would triple the SVG
    encoding: {
      x: axis('x', axisTitles[0]),
      y: axis('y', axisTitles[1]),
      ...(groups && { color: { field: 'group', type: 'nominal', title: 'group' } }),
    },
  });
}

export interface Density2dOptions extends Omit<Scatter2dOptions, 'groups'> {
  /** Cells per axis. Default 40. */
  bins?: number;
}

export function density2d(options: Density2dOptions): Chart {
  const { points, bins = 40, axisTitles = ['x₁', 'x₂'], title = 'Density', subtitle, width = 360 } = options;
  checkPoints('density2d', 'points', points, 2);
  if (!Number.isInteger(bins) || bins < 1)
    throw new PlotInputError(`density2d: bins = ${bins}; expected a positive integer.`);
  const [lo, hi] = squareDomain(points);
  const w = (hi - lo) / bins;
  const counts = new Map<number, number>(); // key i · bins + j for cell (x index i, y index j); empty cells omitted
  for (const p of points) {
    const [i, j] = [p[0], p[1]].map((v) => Math.min(bins - 1, Math.floor((v - lo) / w)));
    counts.set(i * bins + j, (counts.get(i * bins + j) ?? 0) + 1);
  }
  const values = [...counts].map(([key, c]) => {
    const [i, j] = [Math.floor(key / bins), key % bins];
    return {
      x: round(lo + i * w),
      x2: round(lo + (i + 1) * w),
      y: round(lo + j * w),
      y2: round(lo + (j + 1) * w),
      density: round(c / (points.length * w * w)),
    };
  });
  const axis = (field: string, t: string) => ({
    field,
    type: 'quantitative',
    title: t,
    scale: { domain: [lo, hi], nice: false },
    axis: { grid: false },
  });
  return new Chart({
    ...frame({
      title,
      subtitle: subtitle ?? `2-D histogram of ${points.length} points, ${bins}×${bins} cells`,
      width,
      height: width,
    }),
    view: { fill: VIRIDIS_ZERO }, // empty cells show as density 0
    data: { values },
    mark: { type: 'rect' },
    encoding: {
      x: axis('x', axisTitles[0]),
      x2: { field: 'x2' },
      y: axis('y', axisTitles[1]),
      y2: { field: 'y2' },
      color: {
        field: 'density',
        type: 'quantitative',
        title: 'density',
        scale: { scheme: SEQUENTIAL_SCHEME, domainMin: 0 },
      },
      tooltip: [{ field: 'density', type: 'quantitative', format: '.3g' }],
    },
  });
}
