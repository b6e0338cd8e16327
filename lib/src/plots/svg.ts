/**
 * Headless rendering: Vega-Lite spec → Vega spec → SVG string, with `vega` in Node (no browser).
 *
 * Vega and Vega-Lite 6 are ESM-only and use top-level await, so CommonJS cannot `require()` them;
 * they are loaded once with a dynamic `import()` and wrapped here, so notebooks (whose TypeScript
 * resolves modules the Node10 way) never see their types.
 *
 * @example
 *   const svg = await toSVG({ mark: 'point', data: { values: [{ x: 1, y: 2 }] },
 *     encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } });
 *   svg.startsWith('<svg'); // true
 */

/** A Vega-Lite v5/v6 top-level spec, as plain JSON. Checked by `vega-lite`'s compiler at render time. */
export type VegaLiteSpec = { [key: string]: unknown };

// resolution-mode 'import': these are ESM packages seen from a CommonJS file
type Engines = {
  vl: typeof import('vega-lite', { with: { 'resolution-mode': 'import' } });
  vega: typeof import('vega', { with: { 'resolution-mode': 'import' } });
};
let engines: Promise<Engines> | null = null;

function loadEngines(): Promise<Engines> {
  engines ??= Promise.all([import('vega-lite'), import('vega')]).then(([vl, vega]) => ({ vl, vega }));
  return engines;
}

/** Render a Vega-Lite spec to an SVG string. Throws if the spec does not compile. */
export async function toSVG(spec: VegaLiteSpec): Promise<string> {
  const { vl, vega } = await loadEngines();
  const compiled = vl.compile(spec as unknown as Parameters<typeof vl.compile>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize(); // releases timers and listeners the view holds
  }
}
