/**
 * Showing rich values in a notebook. This is the one place where genmodels talks to the kernel's
 * display channel, so the rest of the library stays pure.
 *
 * A chart is sent as Vega-Lite JSON (rendered interactively by JupyterLab) plus an SVG fallback
 * (for classic Notebook, GitHub and nbviewer). Stock tslab can send only one MIME type per output,
 * so each goes in its own output for now.
 */
import { describeSpec } from '../plots/describe';
import { toSVG, type VegaLiteSpec } from '../plots/svg';

export const VEGALITE_MIME = 'application/vnd.vegalite.v5+json';

/** A MIME bundle: MIME type → data (strings, or JSON objects for `+json` types). */
export type MimeBundle = { [mime: string]: unknown };

/**
 * The rich-display protocol, in the spirit of IPython's `_repr_mimebundle_`: a value that has a
 * method under this well-known symbol is shown by the kernel as the bundle it returns (awaited
 * if it is a promise). `Symbol.for` makes the kernel and any copy of genmodels agree on it
 * without importing each other.
 */
export const REPR_MIMEBUNDLE: unique symbol = Symbol.for('jupyter.repr_mimebundle') as never;

export interface RichDisplay {
  [REPR_MIMEBUNDLE](): MimeBundle | Promise<MimeBundle>;
}

export function hasRichDisplay(value: unknown): value is RichDisplay {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as Partial<RichDisplay>)[REPR_MIMEBUNDLE] === 'function'
  );
}

/** Build the bundle for a chart: Vega-Lite spec, SVG fallback and a text summary. */
export async function chartBundle(spec: VegaLiteSpec): Promise<MimeBundle> {
  return {
    [VEGALITE_MIME]: spec,
    'image/svg+xml': await toSVG(spec),
    'text/plain': describeSpec(spec),
  };
}

/** Display a bundle in the running kernel. Outside a kernel this is a clear error, not a silent no-op. */
export function displayBundle(bundle: MimeBundle): void {
  let display: { raw(mime: string, data: unknown): void };
  try {
    ({ display } = require('tslab') as { display: { raw(mime: string, data: unknown): void } });
  } catch {
    throw new Error('displayBundle() needs the Jupyter kernel (tslab); it cannot display from plain Node.');
  }
  for (const [mime, data] of Object.entries(bundle)) {
    if (mime !== 'text/plain') display.raw(mime, data);
  }
}

/** Render and display a chart (a `Chart` or any rich value, or a bare Vega-Lite spec) with its SVG fallback. */
export async function showChart(chart: VegaLiteSpec | RichDisplay): Promise<void> {
  displayBundle(hasRichDisplay(chart) ? await chart[REPR_MIMEBUNDLE]() : await chartBundle(chart));
}
