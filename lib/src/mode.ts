/**
 * Run mode. `GENMODELS_QUICK=1` (set by `npm test`) shrinks data and epochs so every notebook
 * runs in well under a minute; otherwise notebooks run in full mode, the one students see.
 *
 * @example
 *   const epochs = byMode({ quick: 1, full: 30 });
 */
export type RunMode = 'quick' | 'full';

const QUICK = ['1', 'true', 'yes'];
const FULL = ['', '0', 'false', 'no'];

/** The current run mode, read from `GENMODELS_QUICK` each call (no cached global). */
export function runMode(env: NodeJS.ProcessEnv = process.env): RunMode {
  const v = (env.GENMODELS_QUICK ?? '').trim().toLowerCase();
  if (QUICK.includes(v)) return 'quick';
  if (FULL.includes(v)) return 'full';
  throw new Error(
    `GENMODELS_QUICK="${env.GENMODELS_QUICK}" is not understood. Use 1 for quick mode, or unset it (or 0) for full mode.`,
  );
}

export function isQuick(env: NodeJS.ProcessEnv = process.env): boolean {
  return runMode(env) === 'quick';
}

/** Pick the value for the current run mode. */
export function byMode<T>(values: { quick: T; full: T }, env: NodeJS.ProcessEnv = process.env): T {
  return values[runMode(env)];
}
