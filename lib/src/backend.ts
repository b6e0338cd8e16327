/**
 * Backend choice: which TF.js engine runs the course's tensors.
 *
 * Order of preference, fastest first:
 *   1. `node` — `@tensorflow/tfjs-node` (native libtensorflow). Optional: its installer downloads
 *      libtensorflow, so it is often absent, and where present its native binding may still fail
 *      to load. We try it and fall back.
 *   2. `wasm` — `@tensorflow/tfjs-backend-wasm`, whose .wasm files ship inside the npm package.
 *   3. `cpu`  — plain JavaScript, always available, slowest.
 *
 * Stock wasm is slow in Node; the speed engine (./engine.ts, packages/tfjs-wasm-fast) makes it
 * fast when installed: all cores (`GENMODELS_THREADS` overrides), plain-matmul transposes, conv
 * gradients via forward convs. Without it, wasm runs as TF.js ships it.
 *
 * `GENMODELS_BACKEND=node|wasm|cpu` forces one choice; forcing a backend that cannot load is an
 * error rather than a silent fallback, so a forced benchmark never measures the wrong engine.
 *
 * @example
 *   const backend = await initBackend(); // prints "genmodels: backend wasm (…why…)"
 */
import * as tf from '@tensorflow/tfjs';
import { engine, engineAbsence } from './engine';
import { BackendError } from './errors';

export const BACKENDS = ['node', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** TF.js's own registry name for each of our backends. */
const TF_NAME: Record<BackendName, string> = { node: 'tensorflow', wasm: 'wasm', cpu: 'cpu' };

export { BackendError };

export interface InitBackendOptions {
  /** Backend to force. Default: `GENMODELS_BACKEND`, else the first that loads of node, wasm, cpu. */
  backend?: string;
  /** Print the one line saying which backend is active and why. Default: true. */
  verbose?: boolean;
}

/** Parse a backend name, failing with the list of valid ones. */
export function parseBackendName(value: string, source = 'backend'): BackendName {
  const v = value.trim().toLowerCase();
  if ((BACKENDS as readonly string[]).includes(v)) return v as BackendName;
  throw new BackendError(
    `Unknown ${source} "${value}". Valid values: ${BACKENDS.join(', ')}. ` +
      'Unset it to let genmodels choose (node, else wasm, else cpu).',
  );
}

/** Loaders register a backend with TF.js; they throw when the package or its binary is missing. */
const LOADERS: Record<BackendName, () => Promise<void>> = {
  node: async () => {
    require('@tensorflow/tfjs-node');
  },
  wasm: async () => {
    require('@tensorflow/tfjs-backend-wasm');
    if (engine) await engine.setup();
  },
  cpu: async () => {},
};

async function tryActivate(name: BackendName): Promise<string | null> {
  try {
    await LOADERS[name]();
    if (!(await tf.setBackend(TF_NAME[name]))) return `${TF_NAME[name]} backend failed to initialise`;
    await tf.ready();
    return null;
  } catch (err) {
    return firstLine(err);
  }
}

function firstLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  if (/Cannot find module '@tensorflow\/tfjs-node'/.test(msg)) return 'tfjs-node is not installed';
  return msg.split('\n')[0];
}

function threadNote(name: BackendName): string {
  if (name !== 'wasm') return '';
  if (!engine) return `; stock kernels, 1 thread: ${engineAbsence}`;
  const n = engine.wasmThreads(); // only wasm has threads to ask for
  return `; ${n} thread${n === 1 ? '' : 's'}, GENMODELS_THREADS overrides`;
}

let active: Promise<BackendName> | null = null;

/**
 * Select and activate the backend once per process; later calls return the same choice.
 * Resolves to the active backend's name.
 */
export function initBackend(options: InitBackendOptions = {}): Promise<BackendName> {
  if (!active) {
    active = select(options).catch((err) => {
      active = null; // a failed choice can be retried, e.g. after fixing the env variable
      throw err;
    });
  }
  return active;
}

async function select({ backend, verbose = true }: InitBackendOptions): Promise<BackendName> {
  const requested = backend ?? process.env.GENMODELS_BACKEND;
  const say = (line: string) => verbose && console.log(`genmodels: backend ${line}`);
  if (requested !== undefined && requested.trim() !== '') {
    const source = backend !== undefined ? 'backend' : 'GENMODELS_BACKEND';
    const name = parseBackendName(requested, source);
    const failure = await tryActivate(name);
    if (failure) {
      throw new BackendError(`${source}=${name} was requested but cannot load: ${failure}.`);
    }
    say(`${name} (forced by ${source}${threadNote(name)})`);
    return name;
  }
  const skipped: string[] = [];
  for (const name of BACKENDS) {
    const failure = await tryActivate(name);
    if (!failure) {
      const why = skipped.length ? skipped.join('; ') : 'the fastest available';
      say(`${name} (${why}; set GENMODELS_BACKEND to force one${threadNote(name)})`);
      return name;
    }
    skipped.push(`${name} unavailable: ${failure}`);
  }
  throw new BackendError(`No TF.js backend could load: ${skipped.join('; ')}`);
}

/**
 * A clearer error for a kernel stock wasm lacks (its conv gradients: Conv2DBackpropFilter), when
 * the speed engine that provides it is absent; any other error comes back unchanged.
 */
export function explainMissingKernel(err: unknown): unknown {
  const missing = /Kernel '(\w+)' not registered for backend 'wasm'/.exec(String((err as Error)?.message ?? err));
  if (!missing || engine) return err;
  return new BackendError(
    `The stock wasm backend has no ${missing[1]} kernel (${engineAbsence}). ` +
      'Install the speed engine, which provides it (npm install), or set GENMODELS_BACKEND=cpu.',
  );
}
