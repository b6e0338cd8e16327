/**
 * @genmodels/tfjs-wasm-fast: TensorFlow.js 4.22's wasm backend, made fast in Node.
 *
 * `setup()` registers faster kernels for ordinary tf ops on the wasm backend, then activates it:
 * every core (GENMODELS_THREADS overrides), matmul without the transposed slow paths, both conv
 * gradients, in-place weight gradients, and quicker Tile, Slice, Transpose, reductions, Identity
 * and Cast. After it, `tf.matMul`, `tf.conv2d` and the rest simply run faster; nothing else changes.
 * Two ops that stock TF.js has no kernel for are exported with their own gradients:
 *   tapConv2d(x, w, taps, pad, β) = conv2d(x, w ⊙ 1_T) + β, computing only the listed taps T
 *   matMulBias(x, W, b)           = x·W + b, the bias added as the product is stored
 * and `adamKernel` is Adam's update as one SIMD pass over the backend's memory.
 * README.md lists every kernel replaced or patched, why, its measured speed-up and its test.
 *
 * @example
 *   import { setup } from '@genmodels/tfjs-wasm-fast';
 *   await setup(); // tf.getBackend() === 'wasm', on every core
 */
export { applyWasmSetup as setup, checkVersions, PINNED_TFJS_VERSION, wasmThreads } from './wasm';
export { BackendError } from './errors';
export { tapConv2d } from './tapconv';
export { matMulBias } from './matmul';
export { adamKernel, type AdamKernel, type AdamPointers, type AdamScalars } from './adam-kernel';
export type { WasmHeap } from './heap';
export type { Pad } from './kernels';
