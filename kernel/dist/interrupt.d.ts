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
export declare class KeyboardInterrupt extends Error {
    name: string;
    constructor();
}
export declare const cells: AsyncLocalStorage<CellContext>;
/** Asked by library loops (genmodels' throwIfInterrupted) under this well-known symbol. */
export declare const INTERRUPTED: unique symbol;
/** Make `resume` reachable from cell code (which runs in the global scope), and the flag from libraries. */
export declare function installGuard(): void;
/** Rewrite each `await e` of compiled cell code to `await resume(e)`. */
export declare function guardAwaits(ts: typeof TS, js: string): string;
