import type { Diagnostic } from './engine';
export interface ErrorContent {
    ename: string;
    evalue: string;
    traceback: string[];
}
export declare function fromDiagnostics(diagnostics: Diagnostic[]): ErrorContent;
/** The user's frames of a stack: up to the first frame of the kernel's machinery. */
export declare function userFrames(stack: string): string[];
export declare function fromThrown(value: unknown): ErrorContent;
