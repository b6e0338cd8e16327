/**
 * Multithreaded wasm in Node: the threaded build of the wasm backend, whose memory is shared, so
 * that the engine's own pool (./wgrad-kernel.ts) runs the heavy kernels on T threads over it.
 * XNNPACK's pool stays at one thread (./wasm.ts says why).
 *
 * Stock tfjs-backend-wasm 4.22 runs single-threaded in Node (tfjs issue #3830). Two things block
 * the threaded build, and each is overcome here without touching the package:
 *   1. the flag `WASM_HAS_MULTITHREAD_SUPPORT` is false in Node → we set it (a TF.js flag, public API);
 *   2. the pthread worker is a `blob:` URL, which Node's Worker cannot load (Emscripten starts 8 of
 *      them at load) → during init, `URL.createObjectURL` hands out a worker file written to disk
 *      (`workerFile`).
 * `withInitGlobals` adjusts that global only while the backend initialises, then restores it
 * and deletes any global the Emscripten runtime added (`Worker`), so nothing is left patched.
 */
import { createHash } from 'node:crypto';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { BackendError } from './errors';

const WASM_OUT = '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd';

/** Threads to use: `GENMODELS_THREADS` when set, else every core. */
export function threadCount(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.GENMODELS_THREADS;
  if (raw === undefined || raw.trim() === '') return os.availableParallelism();
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    throw new BackendError(
      `GENMODELS_THREADS must be a whole number of threads from 1 to 64; found "${raw}". ` +
        'Unset it to use every core.',
    );
  }
  return n;
}

/**
 * The pthread worker as a file on disk: the package's worker script, plus one line that makes its
 * `importScripts(blob:…)` load the same Emscripten factory from the package file instead.
 * Named by content hash, written atomically, so concurrent processes share it safely.
 */
export function workerFile(): string {
  const { wasmWorkerContents } = require(`${WASM_OUT}.worker.js`) as { wasmWorkerContents: string };
  const factory = require.resolve(`${WASM_OUT}.js`);
  const source =
    wasmWorkerContents.replace(/\n/g, '\\n') + // as tfjs does before making its blob
    `\n;(() => { const load = global.importScripts; global.importScripts = (f) =>` +
    ` String(f).startsWith('blob:') ? (global.WasmBackendModuleThreadedSimd = require(${JSON.stringify(factory)})) : load(f); })();\n`;
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const path = join(os.tmpdir(), `genmodels-wasm-pthread-${hash}.js`);
  if (!existsSync(path)) {
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, source);
    renameSync(tmp, path);
  }
  return path;
}

/**
 * Run `init` (the wasm backend's initialisation) with the global adjusted as above; restore it
 * afterwards, whether `init` succeeds or throws.
 */
export async function withInitGlobals<T>(worker: string, init: () => Promise<T>): Promise<T> {
  const globalsBefore = new Set(Object.getOwnPropertyNames(globalThis));
  const { createObjectURL } = URL;
  URL.createObjectURL = (obj: Blob) =>
    obj instanceof Blob && obj.type === 'application/javascript' ? worker : createObjectURL(obj);
  try {
    return await init();
  } finally {
    URL.createObjectURL = createObjectURL;
    for (const name of Object.getOwnPropertyNames(globalThis)) {
      if (!globalsBefore.has(name)) delete (globalThis as Record<string, unknown>)[name];
    }
  }
}

interface PThreadPool {
  PThread: { runningWorkers: { unref(): void }[]; unusedWorkers: { unref(): void }[] };
}

/**
 * Let the process exit while the pool's threads idle: Emscripten 3.1 leaves its Node workers
 * referenced, so without this a script would never end.
 */
export function unrefWorkers(wasmModule: unknown): void {
  const { PThread } = wasmModule as PThreadPool;
  for (const worker of [...PThread.runningWorkers, ...PThread.unusedWorkers]) worker.unref();
}
