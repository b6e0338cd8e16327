import type * as ConverterModule from 'tslab/dist/converter';
export declare const TSLAB_VERSION = "1.0.22";
export declare class KernelSetupError extends Error {
    name: string;
}
/** A TypeScript diagnostic, positioned in the cell (1-based) or in a local file it imports. */
export interface Diagnostic {
    file: string;
    line: number;
    column: number;
    message: string;
}
export type Outcome = {
    kind: 'ok';
    value?: unknown;
} | {
    kind: 'diagnostics';
    diagnostics: Diagnostic[];
} | {
    kind: 'thrown';
    value: unknown;
};
export declare class Engine {
    private readonly tslab;
    private readonly node;
    private browser;
    private readonly executor;
    private captured;
    /**
     * Declarations of the cells run so far, which the next cell is type-checked against. Kept here
     * rather than in tslab's executor, which keeps a cell's declarations only when it succeeds: a
     * cell that fails at run time, or is interrupted, still defined the variables it reached.
     */
    private prevDecl;
    private cellDecl;
    constructor(rootDir: string);
    private captureError;
    /** Type-check, compile and run one cell. Never throws: failures come back as an Outcome. */
    execute(code: string): Promise<Outcome>;
    /** Stop waiting for the running cell (its pending await is abandoned). */
    interrupt(): void;
    complete(code: string, cursor: number): ConverterModule.CompletionInfo;
    /** Hover text for the symbol at `cursor`, or null. */
    inspect(code: string, cursor: number): string | null;
    isComplete(code: string): ConverterModule.IsCompleteResult;
    close(): void;
}
