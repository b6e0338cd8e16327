/**
 * What the train, eval and sample commands share: argument parsing with usage on error, dataset
 * names, and a main wrapper that reports failures as one clear line (set GENMODELS_DEBUG=1 for
 * the stack).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DATASET_NAMES, type DatasetName } from '../lib/src/index';

/** Thrown for bad command lines; printed with the usage text. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function parse<T extends ParseArgsConfig['options']>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** A numeric flag: integer (default) or real, within [min, max]. */
export function num(
  value: string | undefined,
  flag: string,
  fallback: number,
  { integer = true, min = -Infinity, max = Infinity } = {},
): number {
  if (value === undefined) return fallback;
  const v = Number(value);
  if (!Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min || v > max) {
    const kind = integer ? 'an integer' : 'a number';
    throw new UsageError(
      `--${flag} must be ${kind}${min > -Infinity ? ` ≥ ${min}` : ''}${max < Infinity ? ` and ≤ ${max}` : ''}, got "${value}".`,
    );
  }
  return v;
}

/** 'mnist', 'fashion' or 'fashion-mnist'. */
export function datasetName(value: string | undefined): DatasetName {
  const v = value ?? 'mnist';
  const name = v === 'fashion' ? 'fashion-mnist' : v;
  if (!(DATASET_NAMES as readonly string[]).includes(name)) {
    throw new UsageError(`--dataset must be one of mnist, fashion (fashion-mnist), got "${v}".`);
  }
  return name as DatasetName;
}

/** Run `main`; print errors as one line (with usage for UsageError) and set the exit code. */
export function runCli(usage: string, main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    const e = err instanceof Error ? err : new Error(String(err));
    for (const line of errorReport(e, usage, Boolean(process.env.GENMODELS_DEBUG))) console.error(line);
    process.exitCode = e instanceof UsageError ? 2 : 1;
  });
}

/**
 * What a CLI prints for an error: the message; the usage after a usage error; after a crash of the
 * wasm backend (emscripten's "Aborted()", "memory access out of bounds": a RuntimeError), what it
 * almost always means here, since a batch's activations must fit in wasm's heap of at most 4 GB.
 */
export function errorReport(e: Error, usage: string, debug = false): string[] {
  const lines = [`error: ${e.message}`];
  if (e instanceof UsageError) return [...lines, '', usage];
  if (e.name === 'RuntimeError') {
    // WebAssembly.RuntimeError (the project's lib has no DOM/wasm typings, so by its name)
    lines.push(
      'hint: the wasm backend crashed, most likely out of memory (its heap holds at most 4 GB): run again with a smaller --batch (train, eval), e.g. --batch 100, or with GENMODELS_BACKEND=cpu (slower, no such limit).',
    );
  }
  if (debug && e.stack) lines.push(e.stack);
  return lines;
}
