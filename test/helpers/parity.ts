/**
 * Parity of the course's computations on wasm (with the speed engine, when installed) and on cpu
 * (TF.js's reference kernels): the engine's own helpers, with wasm activated by genmodels' choice.
 */
import { initBackend } from '../../lib/src/index';

export { assertParity, on, randn } from '../../packages/tfjs-wasm-fast/test/compare';

/** Activate wasm once through initBackend, so the cpu backend can be switched to beside it. */
export async function wasmAndCpu(): Promise<void> {
  await initBackend({ backend: 'wasm', verbose: false });
}
