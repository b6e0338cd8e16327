/**
 * A one-line text summary of a Vega-Lite spec: what a notebook shows as `text/plain`, and what a
 * reader of a plain-text log sees instead of the chart.
 *
 * @example
 *   describeSpec({ title: 'Loss', mark: 'line', data: { values: [{}, {}] } });
 *   // 'Chart "Loss": line; 2 data rows'
 */
import type { VegaLiteSpec } from './svg';

type Node = { [key: string]: unknown };
const CHILDREN = ['layer', 'hconcat', 'vconcat', 'concat'];

function titleOf(spec: Node): string {
  const t = spec.title;
  if (typeof t === 'string') return t;
  if (t && typeof t === 'object' && typeof (t as Node).text === 'string') return (t as Node).text as string;
  return 'untitled';
}

/** Visit a spec and its layer/concat/facet children. */
function walk(spec: Node, visit: (node: Node) => void): void {
  visit(spec);
  for (const key of CHILDREN) {
    const kids = spec[key];
    if (Array.isArray(kids)) kids.forEach((k) => walk(k as Node, visit));
  }
  if (spec.spec && typeof spec.spec === 'object') walk(spec.spec as Node, visit);
}

export function describeSpec(spec: VegaLiteSpec): string {
  const marks = new Set<string>();
  let rows = 0;
  walk(spec, (node) => {
    const mark = node.mark;
    if (typeof mark === 'string') marks.add(mark);
    else if (mark && typeof (mark as Node).type === 'string') marks.add((mark as Node).type as string);
    const values = (node.data as Node | undefined)?.values;
    if (Array.isArray(values)) rows += values.length;
  });
  const size =
    typeof spec.width === 'number' && typeof spec.height === 'number' ? `; ${spec.width}×${spec.height} px` : '';
  return `Chart "${titleOf(spec)}": ${[...marks].join(', ') || 'no marks'}; ${rows} data rows${size}`;
}
