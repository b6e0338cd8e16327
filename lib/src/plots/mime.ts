/**
 * The rich-display protocol, in the spirit of IPython's `_repr_mimebundle_`: a value that has a
 * method under the well-known symbol REPR_MIMEBUNDLE is shown by a kernel as the MIME bundle it
 * returns (awaited if it is a promise). `Symbol.for` makes the kernel and any copy of genmodels
 * agree on it without importing each other. A chart's bundle holds Vega-Lite JSON (interactive in
 * JupyterLab), an SVG fallback (classic Notebook, GitHub, nbviewer) and a text summary; the front
 * end picks the richest type it can render. Sending a bundle to a kernel is notebook/display.ts.
 */
import { describeSpec } from './describe';
import { toSVG, type VegaLiteSpec } from './svg';

export const VEGALITE_MIME = 'application/vnd.vegalite.v5+json';

/** A MIME bundle: MIME type → data (strings, or JSON objects for `+json` types). */
export type MimeBundle = { [mime: string]: unknown };

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

/** A value that displays as the given bundle. */
export function richDisplay(bundle: MimeBundle): RichDisplay {
  return { [REPR_MIMEBUNDLE]: () => bundle };
}

/** Build the bundle for a chart: Vega-Lite spec, SVG fallback and a text summary. */
export async function chartBundle(spec: VegaLiteSpec): Promise<MimeBundle> {
  return {
    [VEGALITE_MIME]: spec,
    'image/svg+xml': await toSVG(spec),
    'text/plain': describeSpec(spec),
  };
}
