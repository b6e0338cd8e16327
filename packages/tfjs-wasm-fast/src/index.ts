/**
 * @genmodels/tfjs-wasm-fast: TensorFlow.js 4.22's wasm backend, made fast in Node.
 *
 * `setup()` registers faster kernels for ordinary tf ops on the wasm backend, then activates it:
 * every core (GENMODELS_THREADS overrides), matmul without the transposed slow paths, both conv
 * gradients, in-place weight gradients, and quicker Tile, Slice, Transpose, reductions, Identity
 * and Cast, and stride-1 convolutions that skip the filter's all-zero taps (a causal mask's). After
 * it, `tf.matMul`, `tf.conv2d` and the rest simply run faster; nothing else changes. `adamKernel`
 * is Adam's update as one SIMD pass over the backend's memory, for an optimizer to call.
 * README.md lists every kernel replaced or patched, why, its measured speed-up and its test.
 *
 * @example
 *   import { setup } from '@genmodels/tfjs-wasm-fast';
 *   await setup(); // tf.getBackend() === 'wasm', on every core
 */
export { applyWasmSetup as setup, checkVersions, PINNED_TFJS_VERSION, wasmThreads } from './wasm';
export { BackendError } from './errors';
export { adamKernel, type AdamKernel, type AdamPointers, type AdamScalars } from './adam-kernel';
export type { WasmHeap } from './heap';
