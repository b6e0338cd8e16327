/**
 * A chart as a value: a Vega-Lite spec that a notebook shows by itself. Returned by every
 * genmodels chart builder, so a cell ending in `latentScatter({...})` displays the chart.
 *
 * It implements the kernel's rich-display protocol (`REPR_MIMEBUNDLE`) and answers with one bundle:
 *   - `application/vnd.vegalite.v5+json`: the spec as an object (interactive in JupyterLab);
 *   - `image/svg+xml`: the same chart rendered headless by vega (GitHub, nbviewer, classic Notebook);
 *   - `text/plain`: a one-line summary.
 *
 * @example
 *   const chart = new Chart({ title: 'demo', mark: 'point', data: { values: [{ x: 1 }] },
 *     encoding: { x: { field: 'x', type: 'quantitative' } } });
 *   String(chart);            // 'Chart "demo": point; 1 data rows'
 *   await chart.toSVG();      // '<svg …'
 */
import { chartBundle, REPR_MIMEBUNDLE, type MimeBundle, type RichDisplay } from './mime';
import { PlotInputError } from './check';
import { describeSpec } from './describe';
import { toSVG, type VegaLiteSpec } from './svg';

export class Chart implements RichDisplay {
  /** The Vega-Lite spec, plain JSON. Compose charts by nesting specs (`{ hconcat: [a.spec, b.spec] }`). */
  readonly spec: VegaLiteSpec;

  constructor(spec: VegaLiteSpec) {
    this.spec = spec;
  }

  /** Render headless to an SVG string. */
  toSVG(): Promise<string> {
    return toSVG(this.spec);
  }

  /** `JSON.stringify(chart)` gives the spec. */
  toJSON(): VegaLiteSpec {
    return this.spec;
  }

  /** One-line summary: title, marks, data rows, size. */
  toString(): string {
    return describeSpec(this.spec);
  }

  [REPR_MIMEBUNDLE](): Promise<MimeBundle> {
    return chartBundle(this.spec);
  }
}

/** Charts side by side (`'horizontal'`, default) or stacked (`'vertical'`) as one chart, e.g. data before and after a transform. */
export function concatCharts(
  charts: Chart[],
  { direction = 'horizontal', title }: { direction?: 'horizontal' | 'vertical'; title?: string } = {},
): Chart {
  if (charts.length === 0) throw new PlotInputError('concatCharts: no charts given; pass at least one.');
  const parts = charts.map(({ spec: { $schema, config, ...rest } }) => rest); // only the top level may carry these
  return new Chart({
    $schema: charts[0].spec.$schema,
    ...(title && { title }),
    [direction === 'horizontal' ? 'hconcat' : 'vconcat']: parts,
    config: charts[0].spec.config,
  });
}
