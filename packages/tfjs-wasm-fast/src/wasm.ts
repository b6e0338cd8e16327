/**
 * Everything that makes the wasm backend fast in Node, applied in one place before it activates:
 *   1. all cores (`GENMODELS_THREADS` overrides), see ./threads.ts, on the engine's own thread pool
 *      (./wgrad-kernel.ts), with XNNPACK's on one thread (see applyWasmSetup);
 *   2. matmul with transposed operands on the fast path, see ./matmul.ts;
 *   3. conv gradients through forward convolutions, see ./conv-grad.ts;
 *   and weight gradients as a hand-written kernel run in place on all cores (./wgrad-kernel.ts),
 *   and slow stock kernels replaced: tile as block copies (./tile.ts), slice read in place
 *   (./slice.ts), transposes clear of cache aliasing (./transpose.ts), the reductions built on
 *   them (./reduce.ts), identity and same-dtype casts as shared data (./identity.ts), and a
 *   convolution that skips the taps a causal mask zeroes (./tapconv.ts).
 * These lean on tfjs-backend-wasm internals (its kernel names and attributes, its pthread worker),
 * so the versions are checked against the exact ones they were written and tested for.
 */
import * as tf from '@tensorflow/tfjs';
import { registerConvGradKernels } from './conv-grad';
import { backendMemory, isShared } from './heap';
import { BackendError } from './errors';
import { registerIdentityKernels } from './identity';
import { registerMatMulKernels } from './matmul';
import { registerReductionKernels } from './reduce';
import { registerSliceKernel } from './slice';
import { registerConvKernels } from './tapconv';
import { registerTileKernel } from './tile';
import { registerTransposeKernel } from './transpose';
import { threadCount, unrefWorkers, withInitGlobals, workerFile } from './threads';

/** The versions the wasm speed fixes were written and tested against. */
export const PINNED_TFJS_VERSION = '4.22.0';

type WasmModule = typeof import('@tensorflow/tfjs-backend-wasm');

/** Fail clearly when the installed TF.js packages are not the pinned version. */
export function checkVersions(found: Record<string, string>): void {
  const wrong = Object.entries(found).filter(([, v]) => v !== PINNED_TFJS_VERSION);
  if (wrong.length > 0) {
    throw new BackendError(
      `@genmodels/tfjs-wasm-fast needs TF.js ${PINNED_TFJS_VERSION} exactly; found ` +
        `${wrong.map(([p, v]) => `${p} ${v}`).join(', ')}. Install the pinned versions ` +
        `(npm ci), or set GENMODELS_BACKEND=cpu.`,
    );
  }
}

/** Apply the three fixes and activate the wasm backend. Safe to call more than once. */
export async function applyWasmSetup(): Promise<void> {
  const wasm = require('@tensorflow/tfjs-backend-wasm') as WasmModule;
  checkVersions({ '@tensorflow/tfjs-core': tf.version_core, '@tensorflow/tfjs-backend-wasm': wasm.version_wasm });
  registerMatMulKernels();
  registerConvGradKernels();
  registerTileKernel();
  registerSliceKernel();
  registerTransposeKernel();
  registerReductionKernels();
  registerIdentityKernels();
  registerConvKernels();
  if (tf.findBackend('wasm')) return; // already initialised in this process
  const threads = threadCount();
  const worker = threads > 1 ? tryWorkerFile() : null;
  if (worker === null) {
    wasm.setThreadsCount(1);
    await tf.setBackend('wasm');
    return;
  }
  // The threaded build, for its shared memory: the engine's pool runs the heavy kernels on every core
  // over it. XNNPACK's own pool stays at one thread, because its workers spin-wait after each op
  // (pthreadpool's, before they sleep), and on 2 cores a spinning worker slows ours. Measured in the
  // VAE's training step (bench/profile.ts), XNNPACK on 2 threads → 1: the step 17.3 → 14.8 ms, its
  // large products 2.3–2.9 → 1.3–1.9 ms each, its bias Adds 0.77 → 0.24 ms a step. PixelCNN's step was
  // level (within this machine's noise); its one stock convolution (the 1-channel first layer)
  // went 2.4 → 4.3 ms of about 290. What XNNPACK still runs is element-wise (memory-bound) or small.
  wasm.setThreadsCount(1);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true); // stays true: it now describes this process
  await withInitGlobals(worker, () => tf.setBackend('wasm'));
  const backend = tf.findBackend('wasm') as unknown as { wasm: unknown } | null;
  if (backend) unrefWorkers(backend.wasm);
}

/** The pthread worker file, or null (single-threaded) when the temp folder is not writable. */
function tryWorkerFile(): string | null {
  try {
    return workerFile();
  } catch (err) {
    console.warn(
      `tfjs-wasm-fast: wasm runs single-threaded: cannot write its thread worker file (${(err as Error).message})`,
    );
    return null;
  }
}

/** Threads the active wasm backend runs on: the engine pool's, every core (or GENMODELS_THREADS) when its memory is shared. */
export function wasmThreads(): number {
  const memory = backendMemory(tf.findBackend('wasm'));
  return memory !== null && isShared(memory) ? threadCount() : 1;
}
