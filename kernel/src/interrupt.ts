/**
 * Interrupting a running cell. Each execution runs inside an AsyncLocalStorage context, so every
 * async continuation it spawns knows which cell it belongs to. Every `await e` in a cell's compiled
 * JavaScript is rewritten to `await __genmodels_kernel__.resume(e)`; `resume` throws
 * KeyboardInterrupt once that cell has been interrupted, so a long async loop stops at its next
 * await while the variables it already set stay defined. `resume` also yields to the event loop
 * now and then, so even `while (true) await null` can be interrupted. Library code is not
 * rewritten; its loops ask `globalThis[Symbol.for('jupyter.interrupted')]()` once per step.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type * as TS from '@tslab/typescript-for-tslab';
import type { Message } from './wire';

/** The cell a piece of running code belongs to. */
export interface CellContext {
  parent: Message;
  interrupted: boolean;
}

export class KeyboardInterrupt extends Error {
  override name = 'KeyboardInterrupt';
  constructor() {
    super('the cell was interrupted');
  }
}

export const cells = new AsyncLocalStorage<CellContext>();

const GUARD = '__genmodels_kernel__.resume';

function throwIfInterrupted(): void {
  if (cells.getStore()?.interrupted) throw new KeyboardInterrupt();
}

/** A loop of already-resolved awaits never leaves the microtask queue; let I/O (an interrupt) in every so often. */
const YIELD_EVERY_MS = 50;
let lastYield = Date.now();

async function resume<T>(value: T): Promise<Awaited<T>> {
  throwIfInterrupted();
  const v = await value;
  if (Date.now() - lastYield > YIELD_EVERY_MS) {
    await new Promise(setImmediate);
    lastYield = Date.now();
  }
  throwIfInterrupted();
  return v;
}

/** Asked by library loops (genmodels' throwIfInterrupted) under this well-known symbol. */
export const INTERRUPTED = Symbol.for('jupyter.interrupted');

/** Make `resume` reachable from cell code (which runs in the global scope), and the flag from libraries. */
export function installGuard(): void {
  const g = globalThis as { __genmodels_kernel__?: unknown; [INTERRUPTED]?: () => boolean };
  g.__genmodels_kernel__ = { resume };
  g[INTERRUPTED] = () => cells.getStore()?.interrupted ?? false;
}

/** Rewrite each `await e` of compiled cell code to `await resume(e)`. */
export function guardAwaits(ts: typeof TS, js: string): string {
  const file = ts.createSourceFile('cell.js', js, ts.ScriptTarget.Latest, true);
  const edits: { at: number; text: string; open: boolean }[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isAwaitExpression(node)) {
      edits.push({ at: node.expression.getStart(file), text: `${GUARD}(`, open: true });
      edits.push({ at: node.expression.end, text: ')', open: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  // apply from the end; at one position, insert '(' before ')' so the text reads ")("
  edits.sort((a, b) => b.at - a.at || Number(b.open) - Number(a.open));
  let out = js;
  for (const e of edits) out = out.slice(0, e.at) + e.text + out.slice(e.at);
  return out;
}
