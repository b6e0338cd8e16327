/**
 * Training curves. For a VAE the loss is the negative ELBO,
 *   −ELBO(x) = E_q[−log p(x|z)] + KL(q(z|x) ‖ p(z)) = reconstruction + kl,
 * so passing its terms separately shows which one moves (posterior collapse is kl → 0).
 * Colour tells the term, line style tells train (solid) from validation (dashed).
 *
 * @example
 *   lossCurves({ train: { reconstruction, kl, total }, validation: { total: valTotal }, logY: true });
 */
import { checkFinite, checkNonEmpty, PlotInputError } from './check';
import { Chart } from './chart';
import { frame, round, type ChartFrame } from './theme';

/** Loss terms by name, one value per epoch (or per logged step). A bare array is one term, 'loss'. */
export type LossTerms = { [term: string]: ArrayLike<number> } | ArrayLike<number>;

export interface LossCurvesOptions extends Partial<ChartFrame> {
  /** Training terms, e.g. { reconstruction, kl, total }. */
  train: LossTerms;
  /** Validation terms; may hold fewer terms or points than train. Default: none. */
  validation?: LossTerms;
  /** Logarithmic y axis (all values must be > 0). Default false. */
  logY?: boolean;
  /** x axis title; x runs 1, 2, … within each split. Default 'epoch'. */
  xTitle?: string;
  /** y axis title, with units. Default 'loss (nats per example)'. */
  yTitle?: string;
}

/** Legends show line samples (solid / dashed), not the points drawn on the lines. */
const LINE_LEGEND = { symbolType: 'stroke', symbolStrokeWidth: 2.5, symbolSize: 300, symbolStrokeColor: '#444' };

type Row = { split: string; term: string; x: number; value: number };

function rows(where: string, split: string, terms: LossTerms, logY: boolean): Row[] {
  const bare = Array.isArray(terms) || ArrayBuffer.isView(terms);
  const byName = bare ? { loss: terms as ArrayLike<number> } : (terms as Record<string, ArrayLike<number>>);
  const names = Object.keys(byName);
  if (names.length === 0) throw new PlotInputError(`${where}: ${split} has no loss terms; pass e.g. { total: [...] }.`);
  return names.flatMap((term) => {
    const ys = byName[term];
    checkNonEmpty(where, `${split}.${term}`, ys);
    checkFinite(where, `${split}.${term}`, ys);
    return Array.from(ys, (v, i) => {
      if (logY && v <= 0)
        throw new PlotInputError(`${where}: ${split}.${term}[${i}] = ${v} cannot go on a log axis; pass logY: false.`);
      return { split, term, x: i + 1, value: round(v, 6) };
    });
  });
}

export function lossCurves(options: LossCurvesOptions): Chart {
  const { train, validation, logY = false, xTitle = 'epoch', yTitle = 'loss (nats per example)' } = options;
  const { title = 'Training curves', subtitle, width = 460, height = 280 } = options;
  const values = [
    ...rows('lossCurves', 'train', train, logY),
    ...(validation ? rows('lossCurves', 'validation', validation, logY) : []),
  ];
  return new Chart({
    ...frame({ title, subtitle: subtitle ?? (logY ? 'log scale' : undefined), width, height }),
    data: { values },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: xTitle, axis: { tickMinStep: 1 } },
      y: {
        field: 'value',
        type: 'quantitative',
        title: yTitle,
        scale: logY ? { type: 'log', nice: false, padding: 12 } : { zero: false },
      },
      color: {
        field: 'term',
        type: 'nominal',
        title: 'term',
        sort: [...new Set(values.map((r) => r.term))],
        legend: LINE_LEGEND,
      },
    },
    layer: [
      {
        params: [{ name: 'zoom', select: 'interval', bind: 'scales', encodings: ['x'] }], // in one layer: names are global
        mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          strokeDash: {
            field: 'split',
            type: 'nominal',
            title: 'split',
            sort: ['train', 'validation'],
            legend: LINE_LEGEND,
          },
        },
      },
      {
        // invisible points carry the tooltips, kept out of the legends so these show line samples
        mark: { type: 'point', size: 80, opacity: 0 },
        encoding: {
          tooltip: [
            { field: 'split' },
            { field: 'term' },
            { field: 'x', type: 'quantitative', title: xTitle },
            { field: 'value', type: 'quantitative', title: yTitle, format: '.4g' },
          ],
        },
      },
    ],
  });
}
