"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.INTERRUPTED = exports.cells = exports.KeyboardInterrupt = void 0;
exports.installGuard = installGuard;
exports.guardAwaits = guardAwaits;
/**
 * Interrupting a running cell. Each execution runs inside an AsyncLocalStorage context, so every
 * async continuation it spawns knows which cell it belongs to. Every `await e` in a cell's compiled
 * JavaScript is rewritten to `await __genmodels_kernel__.resume(e)`; `resume` throws
 * KeyboardInterrupt once that cell has been interrupted, so a long async loop stops at its next
 * await while the variables it already set stay defined. `resume` also yields to the event loop
 * now and then, so even `while (true) await null` can be interrupted. Library code is not
 * rewritten; its loops ask `globalThis[Symbol.for('jupyter.interrupted')]()` once per step.
 */
const node_async_hooks_1 = require("node:async_hooks");
class KeyboardInterrupt extends Error {
    name = 'KeyboardInterrupt';
    constructor() {
        super('the cell was interrupted');
    }
}
exports.KeyboardInterrupt = KeyboardInterrupt;
exports.cells = new node_async_hooks_1.AsyncLocalStorage();
const GUARD = '__genmodels_kernel__.resume';
function throwIfInterrupted() {
    if (exports.cells.getStore()?.interrupted)
        throw new KeyboardInterrupt();
}
/** A loop of already-resolved awaits never leaves the microtask queue; let I/O (an interrupt) in every so often. */
const YIELD_EVERY_MS = 50;
let lastYield = Date.now();
async function resume(value) {
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
exports.INTERRUPTED = Symbol.for('jupyter.interrupted');
/** Make `resume` reachable from cell code (which runs in the global scope), and the flag from libraries. */
function installGuard() {
    const g = globalThis;
    g.__genmodels_kernel__ = { resume };
    g[exports.INTERRUPTED] = () => exports.cells.getStore()?.interrupted ?? false;
}
/** Rewrite each `await e` of compiled cell code to `await resume(e)`. */
function guardAwaits(ts, js) {
    const file = ts.createSourceFile('cell.js', js, ts.ScriptTarget.Latest, true);
    const edits = [];
    const visit = (node) => {
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
    for (const e of edits)
        out = out.slice(0, e.at) + e.text + out.slice(e.at);
    return out;
}
//# sourceMappingURL=interrupt.js.map