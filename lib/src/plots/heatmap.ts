/**
 * A matrix as coloured cells, row 0 at the top like an image: PixelCNN masks (0/1), receptive
 * fields (|∂ output / ∂ input| per pixel), per-pixel Bernoulli probabilities p(x_ij = 1 | x_<ij).
 *
 * Row 0 is at the top and column 0 at the left, each cell labelled at its centre.
 * Sequential data use viridis over [min, max]; signed data (`diverging: true`) use blue–orange
 * centred on 0, over [−m, m] with m = max |value|, so white always means zero.
 *
 * @example
 *   heatmap({ values: maskA, title: 'Mask A', annotate: true });   // [5, 5]
 *   heatmap({ values: probs, title: 'p(x_ij = 1)', colorTitle: 'probability', domain: [0, 1] });
 */
import { checkFinite, checkNonEmpty, PlotInputError } from './check';
import { Chart } from './chart';
import { DIVERGING_SCHEME, frame, round, SEQUENTIAL_SCHEME, type ChartFrame } from './theme';

export interface HeatmapOptions extends Partial<Omit<ChartFrame, 'width' | 'height'>> {
  /** The matrix, as rows of equal length. [rows, cols] */
  values: ArrayLike<number>[];
  /** Colour legend title, with units. Default 'value'. */
  colorTitle?: string;
  /** Signed data: diverging colours centred on 0. Default false. */
  diverging?: boolean;
  /** Colour domain [lo, hi]. Default: data range (sequential) or ±max|value| (diverging). */
  domain?: [number, number];
  /** Print each value in its cell. Default: true when there are at most 12×12 cells. */
  annotate?: boolean;
  /** Cell size in px. Default: as large as fits 360 px, between 8 and 48. */
  cellSize?: number;
}

/** Validated matrix → one row per cell. [rows · cols] */
function cells(m: ArrayLike<number>[]): { r: number; c: number; v: number }[] {
  checkNonEmpty('heatmap', 'values', m);
  const cols = m[0].length;
  m.forEach((row, r) => {
    if (row.length !== cols || cols === 0)
      throw new PlotInputError(
        `heatmap: row ${r} has ${row.length} values; expected ${cols || 'at least 1'} like row 0.`,
      );
    checkFinite('heatmap', `values[${r}]`, row);
  });
  return Array.from(m, (row, r) => Array.from(row, (v, c) => ({ r, c, v: round(v) }))).flat();
}

/** Band scale: each index at its cell's centre; about 8 labelled when there are many. */
const position = (field: string, n: number, title: string) => ({
  field,
  type: 'ordinal',
  title,
  sort: 'ascending',
  axis: { labelAngle: 0, values: Array.from({ length: n }, (_, i) => i).filter((i) => i % Math.ceil(n / 8) === 0) },
});

/** Each value printed in its cell: dark on light cells (top of viridis, middle of blue–orange), else white. */
function annotation(domain: number[], diverging: boolean, cell: number): unknown {
  const light = diverging
    ? `abs(datum.v) < ${0.5 * Math.max(...domain.map(Math.abs))}`
    : `datum.v > ${(domain[0] + domain[1]) / 2}`;
  return {
    mark: { type: 'text', fontSize: Math.min(13, cell / 3) },
    encoding: {
      text: { field: 'v', type: 'quantitative', format: '.2~f' },
      color: { condition: { test: light, value: '#222' }, value: 'white' },
    },
  };
}

export function heatmap(options: HeatmapOptions): Chart {
  const { values: m, colorTitle = 'value', diverging = false, title = 'Heatmap', subtitle } = options;
  const values = cells(m);
  const cols = m[0].length;
  const vs = values.map(({ v }) => v);
  const big = vs.reduce((s, v) => Math.max(s, Math.abs(v)), 0) || 1;
  const domain =
    options.domain ??
    (diverging ? [-big, big] : [vs.reduce((a, v) => Math.min(a, v)), vs.reduce((a, v) => Math.max(a, v))]);
  const cell = options.cellSize ?? Math.max(8, Math.min(48, Math.floor(360 / Math.max(cols, m.length))));
  const rect = {
    mark: { type: 'rect' },
    encoding: {
      color: {
        field: 'v',
        type: 'quantitative',
        title: colorTitle,
        scale: { scheme: diverging ? DIVERGING_SCHEME : SEQUENTIAL_SCHEME, domain },
      },
      tooltip: [
        { field: 'r', title: 'row' },
        { field: 'c', title: 'column' },
        { field: 'v', title: colorTitle, format: '.4g' },
      ],
    },
  };
  return new Chart({
    ...frame({ title, subtitle }),
    width: { step: cell },
    height: { step: cell }, // px per cell
    data: { values },
    encoding: { x: position('c', cols, 'column'), y: position('r', m.length, 'row') },
    layer: (options.annotate ?? values.length <= 144) ? [rect, annotation(domain, diverging, cell)] : [rect],
  });
}
