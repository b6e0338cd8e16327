/**
 * One look for every genmodels chart: readable font sizes, a colour-blind-safe categorical
 * palette, perceptually uniform colour maps, and numbers rounded so specs stay small.
 *
 * Categorical palette: Okabe & Ito (2008), "Color Universal Design", whose 8 colours stay
 * distinct under protanopia, deuteranopia and tritanopia, extended with a violet and a brown so
 * the 10 MNIST classes each get a colour. The two were chosen to keep every pair of the 10 at
 * CIELAB ΔE ≥ 15 under simulated colour-vision deficiencies (Machado et al. 2009), as the Okabe–Ito
 * colours are among themselves; theme.test.ts checks it. Sequential maps use viridis, diverging
 * ones blue–orange; both are colour-blind safe.
 */
import type { VegaLiteSpec } from './svg';

/** Okabe–Ito (blue, orange, green, vermillion, sky blue, reddish purple, yellow, black) + violet, brown. */
export const PALETTE: readonly string[] = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#D55E00',
  '#56B4E9',
  '#CC79A7',
  '#F0E442',
  '#000000',
  '#6600CC',
  '#663300',
];

export const SEQUENTIAL_SCHEME = 'viridis';
/** The colour viridis gives its minimum, for areas that mean 0. */
export const VIRIDIS_ZERO = '#440154';
export const DIVERGING_SCHEME = 'blueorange';

const FONT = 'Helvetica Neue, Helvetica, Arial, sans-serif';

/** Vega-Lite `config` block shared by all charts. */
export const THEME_CONFIG = {
  font: FONT,
  background: 'white',
  padding: 8,
  title: { fontSize: 16, fontWeight: 600, anchor: 'start', offset: 10, subtitleFontSize: 12, subtitleColor: '#555' },
  axis: {
    labelFontSize: 12,
    titleFontSize: 13,
    titleFontWeight: 500,
    gridColor: '#e6e6e6',
    domainColor: '#888',
    tickColor: '#888',
  },
  legend: { labelFontSize: 12, titleFontSize: 13, titleFontWeight: 500, symbolSize: 100 },
  header: { labelFontSize: 12, titleFontSize: 13 },
  view: { stroke: '#ddd' },
  range: { category: [...PALETTE] },
} as const;

export const VEGALITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

export interface ChartFrame {
  /** Chart title. */
  title: string;
  /** Optional second title line (units, what to look for). */
  subtitle?: string;
  /** Width of the plotting area in pixels. */
  width?: number;
  /** Height of the plotting area in pixels. */
  height?: number;
}

/** The top-level fields every chart shares: schema, title, size and theme. */
export function frame({ title, subtitle, width, height }: ChartFrame): VegaLiteSpec {
  return {
    $schema: VEGALITE_SCHEMA,
    title: subtitle ? { text: title, subtitle } : title,
    ...(width !== undefined && { width }),
    ...(height !== undefined && { height }),
    config: THEME_CONFIG,
  };
}

/** Round to `digits` significant digits, so inline data does not carry 17 digits per number. */
export function round(x: number, digits = 4): number {
  return x === 0 ? 0 : Number(x.toPrecision(digits));
}
