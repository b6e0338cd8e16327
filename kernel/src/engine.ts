/**
 * tslab's TypeScript engine — its converter (type-check + compile a cell against the previous
 * cells' declarations) and executor (run it, with top-level await) — used as a library, at the
 * exact version pinned in package.json. The executor reports through a console object; we give it
 * one that captures the cell's last value, its thrown value or its diagnostics instead of printing.
 */
import { createRequire } from 'node:module';
import type * as ConverterModule from 'tslab/dist/converter';
import type * as ExecutorModule from 'tslab/dist/executor';
import type * as InspectModule from 'tslab/dist/inspect';
import type * as TS from '@tslab/typescript-for-tslab';
import { guardAwaits } from './interrupt';
import { expandShorthand, type Expanded } from './shorthand';

export const TSLAB_VERSION = '1.0.22';

export class KernelSetupError extends Error {
  override name = 'KernelSetupError';
}

/** A TypeScript diagnostic, positioned in the cell (1-based) or in a local file it imports. */
export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  message: string;
}

export type Outcome =
  | { kind: 'ok'; value?: unknown }
  | { kind: 'diagnostics'; diagnostics: Diagnostic[] }
  | { kind: 'thrown'; value: unknown };

function loadTslab() {
  const pkgPath = require.resolve('tslab/package.json');
  const { version } = require(pkgPath) as { version: string };
  if (version !== TSLAB_VERSION) {
    throw new KernelSetupError(
      `the genmodels kernel runs on tslab ${TSLAB_VERSION} exactly (it uses tslab's converter and executor ` +
        `as a library), but found tslab ${version} at ${pkgPath}. Run \`npm ci\` in the repository to install the pinned version.`,
    );
  }
  const fromTslab = createRequire(pkgPath);
  return {
    converter: require('tslab/dist/converter') as typeof ConverterModule,
    executor: require('tslab/dist/executor') as typeof ExecutorModule,
    inspect: require('tslab/dist/inspect') as typeof InspectModule,
    ts: fromTslab('@tslab/typescript-for-tslab') as typeof TS,
  };
}

const DIAGNOSTIC_FORMAT = '%s%d:%d - %s';

/** A cell's diagnostic, moved from the shorthand-expanded text back to the cell as typed. */
function atTypedPositions(d: ConverterModule.Diagnostic, src: string, expanded: Expanded): ConverterModule.Diagnostic {
  const pos = (p: ConverterModule.DiagnosticPos): ConverterModule.DiagnosticPos => {
    const offset = expanded.toOriginal(p.offset);
    const before = src.slice(0, offset);
    const line = before.split('\n').length - 1;
    return { offset, line, character: offset - (before.lastIndexOf('\n') + 1) };
  };
  return { ...d, start: pos(d.start), end: pos(d.end) };
}

export class Engine {
  private readonly tslab = loadTslab();
  private readonly node: ConverterModule.Converter;
  private browser: ConverterModule.Converter | undefined;
  private readonly executor: ExecutorModule.Executor;
  private captured: Outcome = { kind: 'ok' };
  /**
   * Declarations of the cells run so far, which the next cell is type-checked against. Kept here
   * rather than in tslab's executor, which keeps a cell's declarations only when it succeeds: a
   * cell that fails at run time, or is interrupted, still defined the variables it reached.
   */
  private prevDecl = '';
  private cellDecl: string | undefined;

  constructor(rootDir: string) {
    const { converter, executor, ts } = this.tslab;
    const node = converter.createConverter({ isJS: false, isBrowser: false });
    this.node = {
      ...node,
      convert: (_prevDecl, src) => {
        const expanded = expandShorthand(ts, src);
        const r = node.convert(this.prevDecl, expanded.code);
        this.cellDecl = r.diagnostics.length > 0 ? undefined : (r.declOutput ?? '');
        const diagnostics = r.diagnostics.map((d) => (d.fileName ? d : atTypedPositions(d, src, expanded)));
        return { ...r, diagnostics, ...(r.output ? { output: guardAwaits(ts, r.output) } : {}) };
      },
      inspect: (_prevDecl, src, position) => node.inspect(this.prevDecl, src, position),
      complete: (_prevDecl, src, position) => node.complete(this.prevDecl, src, position),
    };
    const browser = () => (this.browser ??= converter.createConverter({ isJS: false, isBrowser: true }));
    const convs = {
      node: this.node,
      get browser() {
        return browser();
      },
      close: () => {
        node.close();
        this.browser?.close();
      },
    };
    this.executor = executor.createExecutor(rootDir, convs, {
      log: (value: unknown) => (this.captured = { kind: 'ok', value }),
      error: (first: unknown, ...rest: unknown[]) => this.captureError(first, rest),
    });
  }

  private captureError(first: unknown, rest: unknown[]): void {
    if (first === DIAGNOSTIC_FORMAT) {
      const [file, line, column, message] = rest as [string, number, number, string];
      const prev = this.captured.kind === 'diagnostics' ? this.captured.diagnostics : [];
      this.captured = {
        kind: 'diagnostics',
        diagnostics: [...prev, { file: file.trim() || 'cell', line, column, message }],
      };
    } else {
      this.captured = { kind: 'thrown', value: first };
    }
  }

  /** Type-check, compile and run one cell. Never throws: failures come back as an Outcome. */
  async execute(code: string): Promise<Outcome> {
    this.captured = { kind: 'ok' };
    this.cellDecl = undefined;
    const ok = await this.executor.execute(code);
    const outcome = this.captured;
    this.captured = { kind: 'ok' };
    if (this.cellDecl !== undefined) this.prevDecl = this.cellDecl;
    if (!ok && outcome.kind === 'ok')
      return { kind: 'thrown', value: new Error('the cell failed without an error value') };
    return outcome;
  }

  /** Stop waiting for the running cell (its pending await is abandoned). */
  interrupt(): void {
    this.executor.interrupt();
  }

  complete(code: string, cursor: number) {
    return this.executor.complete(code, cursor);
  }

  /** Hover text for the symbol at `cursor`, or null. */
  inspect(code: string, cursor: number): string | null {
    const info = this.executor.inspect(code, cursor);
    return info ? this.tslab.inspect.printQuickInfo(info) : null;
  }

  isComplete(code: string) {
    return this.tslab.converter.isCompleteCode(code);
  }

  close(): void {
    this.executor.close();
  }
}
