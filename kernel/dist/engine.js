"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Engine = exports.KernelSetupError = exports.TSLAB_VERSION = void 0;
/**
 * tslab's TypeScript engine — its converter (type-check + compile a cell against the previous
 * cells' declarations) and executor (run it, with top-level await) — used as a library, at the
 * exact version pinned in package.json. The executor reports through a console object; we give it
 * one that captures the cell's last value, its thrown value or its diagnostics instead of printing.
 */
const node_module_1 = require("node:module");
const interrupt_1 = require("./interrupt");
exports.TSLAB_VERSION = '1.0.22';
class KernelSetupError extends Error {
    name = 'KernelSetupError';
}
exports.KernelSetupError = KernelSetupError;
function loadTslab() {
    const pkgPath = require.resolve('tslab/package.json');
    const { version } = require(pkgPath);
    if (version !== exports.TSLAB_VERSION) {
        throw new KernelSetupError(`the genmodels kernel runs on tslab ${exports.TSLAB_VERSION} exactly (it uses tslab's converter and executor ` +
            `as a library), but found tslab ${version} at ${pkgPath}. Run \`npm ci\` in the repository to install the pinned version.`);
    }
    const fromTslab = (0, node_module_1.createRequire)(pkgPath);
    return {
        converter: require('tslab/dist/converter'),
        executor: require('tslab/dist/executor'),
        inspect: require('tslab/dist/inspect'),
        ts: fromTslab('@tslab/typescript-for-tslab'),
    };
}
const DIAGNOSTIC_FORMAT = '%s%d:%d - %s';
class Engine {
    tslab = loadTslab();
    node;
    browser;
    executor;
    captured = { kind: 'ok' };
    /**
     * Declarations of the cells run so far, which the next cell is type-checked against. Kept here
     * rather than in tslab's executor, which keeps a cell's declarations only when it succeeds: a
     * cell that fails at run time, or is interrupted, still defined the variables it reached.
     */
    prevDecl = '';
    cellDecl;
    constructor(rootDir) {
        const { converter, executor, ts } = this.tslab;
        const node = converter.createConverter({ isJS: false, isBrowser: false });
        this.node = {
            ...node,
            convert: (_prevDecl, src) => {
                const r = node.convert(this.prevDecl, src);
                this.cellDecl = r.diagnostics.length > 0 ? undefined : (r.declOutput ?? '');
                return r.output ? { ...r, output: (0, interrupt_1.guardAwaits)(ts, r.output) } : r;
            },
            inspect: (_prevDecl, src, position) => node.inspect(this.prevDecl, src, position),
            complete: (_prevDecl, src, position) => node.complete(this.prevDecl, src, position),
        };
        const self = this;
        const convs = {
            node: this.node,
            get browser() {
                return (self.browser ??= converter.createConverter({ isJS: false, isBrowser: true }));
            },
            close: () => {
                node.close();
                this.browser?.close();
            },
        };
        this.executor = executor.createExecutor(rootDir, convs, {
            log: (value) => (this.captured = { kind: 'ok', value }),
            error: (first, ...rest) => this.captureError(first, rest),
        });
    }
    captureError(first, rest) {
        if (first === DIAGNOSTIC_FORMAT) {
            const [file, line, column, message] = rest;
            const prev = this.captured.kind === 'diagnostics' ? this.captured.diagnostics : [];
            this.captured = { kind: 'diagnostics', diagnostics: [...prev, { file: file.trim() || 'cell', line, column, message }] };
        }
        else {
            this.captured = { kind: 'thrown', value: first };
        }
    }
    /** Type-check, compile and run one cell. Never throws: failures come back as an Outcome. */
    async execute(code) {
        this.captured = { kind: 'ok' };
        this.cellDecl = undefined;
        const ok = await this.executor.execute(code);
        const outcome = this.captured;
        this.captured = { kind: 'ok' };
        if (this.cellDecl !== undefined)
            this.prevDecl = this.cellDecl;
        if (!ok && outcome.kind === 'ok')
            return { kind: 'thrown', value: new Error('the cell failed without an error value') };
        return outcome;
    }
    /** Stop waiting for the running cell (its pending await is abandoned). */
    interrupt() {
        this.executor.interrupt();
    }
    complete(code, cursor) {
        return this.executor.complete(code, cursor);
    }
    /** Hover text for the symbol at `cursor`, or null. */
    inspect(code, cursor) {
        const info = this.executor.inspect(code, cursor);
        return info ? this.tslab.inspect.printQuickInfo(info) : null;
    }
    isComplete(code) {
        return this.tslab.converter.isCompleteCode(code);
    }
    close() {
        this.executor.close();
    }
}
exports.Engine = Engine;
//# sourceMappingURL=engine.js.map