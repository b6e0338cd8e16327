/**
 * Shorthand properties of earlier cells' variables. tslab compiles each cell as a module whose
 * references to earlier cells' variables become `exports.v` — but its rewrite visits identifiers
 * only, and in `({ v })` the identifier is the property's name, so it stays `v` and throws
 * ReferenceError. Before a cell is compiled we expand every shorthand property:
 *   { v }      → { v: v }           (an object literal)
 *   ({ v } = o), ({ v = d } = o) → ({ v: v } = o), ({ v: v = d } = o)   (destructuring assignment)
 * which is the same JavaScript in every context, so tslab's rewrite then sees the value `v` as an
 * ordinary identifier and resolves it by scope (an earlier cell's variable, or a local one).
 * Binding patterns (`const { v } = o`) declare, not reference, and are left alone; so is the one
 * name whose shorthand differs from its long form, `{ __proto__ }` (an own property, whereas
 * `{ __proto__: x }` sets the prototype). Diagnostics are reported at the positions of the cell
 * as typed: `toOriginal` maps an offset in the expanded text back.
 */
import type * as TS from '@tslab/typescript-for-tslab';

export interface Expanded {
  code: string;
  /** The offset in the cell as typed of an offset in `code`; inside an insertion, the property's name. */
  toOriginal(offset: number): number;
}

interface Insertion {
  at: number; // offset in the original text, just after the property's name
  text: string; // ': v'
  name: number; // offset of the name, where a diagnostic inside `text` points
}

export function expandShorthand(ts: typeof TS, src: string): Expanded {
  const file = ts.createSourceFile('cell.ts', src, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const insertions: Insertion[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isShorthandPropertyAssignment(node) && node.name.text !== '__proto__') {
      insertions.push({ at: node.name.end, text: `: ${node.name.text}`, name: node.name.getStart(file) });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  if (insertions.length === 0) return { code: src, toOriginal: (offset) => offset };
  insertions.sort((a, b) => a.at - b.at);
  let code = '';
  let from = 0;
  for (const ins of insertions) {
    code += src.slice(from, ins.at) + ins.text;
    from = ins.at;
  }
  code += src.slice(from);
  return { code, toOriginal: (offset) => toOriginal(insertions, offset) };
}

function toOriginal(insertions: Insertion[], offset: number): number {
  let shift = 0;
  for (const ins of insertions) {
    const start = ins.at + shift; // where this insertion begins in the expanded text
    if (offset < start) break;
    if (offset < start + ins.text.length) return ins.name;
    shift += ins.text.length;
  }
  return offset - shift;
}
