/**
 * A failed cell as Jupyter's error triple: `ename`, `evalue` and `traceback` (lines of text).
 *
 * - TypeScript diagnostics: ename `TypeScriptError`, one `cell line:col - message` per diagnostic.
 * - A thrown Error: its class and message, and its stack trimmed to the user's frames: everything
 *   from the kernel's own machinery (node:vm, tslab, this kernel) down is cut; cell frames are
 *   named `cell.js` (line numbers are those of the compiled JavaScript).
 * - A thrown non-Error value (`throw 7`): ename `ThrownValue`, the value as text.
 */
import { dirname } from 'node:path';
import { inspect } from 'node:util';
import type { Diagnostic } from './engine';

export interface ErrorContent {
  ename: string;
  evalue: string;
  traceback: string[];
}

export function fromDiagnostics(diagnostics: Diagnostic[]): ErrorContent {
  const lines = diagnostics.map((d) => `${d.file} ${d.line}:${d.column} - ${d.message}`);
  // the traceback opens with the class, as a runtime error's does, so every front end shows it
  return { ename: 'TypeScriptError', evalue: lines.join('\n'), traceback: ['TypeScriptError:', ...lines] };
}

const MACHINERY = [dirname(__dirname), dirname(require.resolve('tslab/package.json')), 'node:vm', 'node:internal'];

function isMachinery(frame: string): boolean {
  return MACHINERY.some((m) => frame.includes(m));
}

/** The user's frames of a stack: up to the first frame of the kernel's machinery. */
export function userFrames(stack: string): string[] {
  const frames = stack.split('\n').filter((l) => /^\s+at /.test(l));
  const end = frames.findIndex((f) => /\(node:vm:|at Script\.runInThisContext/.test(f));
  return frames
    .slice(0, end < 0 ? frames.length : end)
    .filter((f) => !isMachinery(f))
    .map((f) => f.replace(/evalmachine\.<anonymous>/g, 'cell.js'));
}

export function fromThrown(value: unknown): ErrorContent {
  const e = value as Partial<Error> | null;
  if (typeof e !== 'object' || e === null || typeof e.message !== 'string') {
    const text = inspect(value);
    return {
      ename: 'ThrownValue',
      evalue: text,
      traceback: [`Uncaught ${text} (a thrown value that is not an Error has no stack)`],
    };
  }
  const ename = e.name || e.constructor?.name || 'Error';
  const head = `${ename}: ${e.message}`;
  return { ename, evalue: e.message, traceback: [head, ...userFrames(String(e.stack ?? ''))] };
}
