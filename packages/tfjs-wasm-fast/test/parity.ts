/**
 * The engine's parity tests' helpers: wasm set up with this package's kernels, and the comparison
 * with the cpu backend (./compare.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { setup } from '../src/index';

export { assertParity, explicitPad, on, randn } from './compare';

/** Activate wasm once with this package's kernels, so the cpu backend can be switched to beside it. */
export async function wasmAndCpu(): Promise<void> {
  await setup();
  await tf.setBackend('wasm');
}
