/**
 * The optional speed engine, `@genmodels/tfjs-wasm-fast` (packages/tfjs-wasm-fast): faster wasm
 * kernels for ordinary tf ops, which models call as they are (no op of the engine's own). genmodels
 * runs without it, on TF.js's stock wasm backend (several times slower to train, the same values within float32
 * rounding); `GENMODELS_ENGINE=off` leaves it out even when installed, to compare or to rule it out.
 *
 * @example
 *   engine?.wasmThreads(); // null when the engine is absent or switched off
 */
import { BackendError } from './errors';

export type Engine = typeof import('@genmodels/tfjs-wasm-fast');

const NAME = '@genmodels/tfjs-wasm-fast';

/**
 * The engine's module, or null when it is not installed or GENMODELS_ENGINE=off; and why it is not
 * in use, or null when it is.
 */
export const { engine, engineAbsence } = load();

function load(): { engine: Engine | null; engineAbsence: string | null } {
  const setting = (process.env.GENMODELS_ENGINE ?? '').trim().toLowerCase();
  if (setting !== '' && setting !== 'on' && setting !== 'off') {
    throw new BackendError(`GENMODELS_ENGINE must be "on" or "off"; found "${process.env.GENMODELS_ENGINE}".`);
  }
  if (setting === 'off') return { engine: null, engineAbsence: 'GENMODELS_ENGINE=off' };
  try {
    return { engine: require(NAME) as Engine, engineAbsence: null };
  } catch (err) {
    // only its absence is expected; a broken engine is an error to see, not to hide
    if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND' || !String(err).includes(NAME)) throw err;
    // installed but not built (an install that skipped `prepare`) is as good as absent, and says so
    return { engine: null, engineAbsence: `${NAME} is ${installed() ? 'not built (npm run build)' : 'not installed'}` };
  }
}

/** Whether the package is on disk: its package.json resolves even when its build (dist/) is missing. */
function installed(): boolean {
  try {
    require.resolve(`${NAME}/package.json`);
    return true;
  } catch {
    return false;
  }
}
