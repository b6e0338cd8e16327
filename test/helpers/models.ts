/**
 * Shared helpers for the model, loss and training tests: the cpu backend, leak checks, and
 * tensors read back as plain arrays.
 */
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';

/** Tests run on the cpu backend: always there, deterministic, and fast enough at test sizes. */
export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

/** Run `fn` and assert it leaves exactly `kept` more tensors alive than before. */
export async function expectNoLeak<T>(fn: () => T | Promise<T>, kept = 0): Promise<T> {
  const before = tf.memory().numTensors;
  const out = await fn();
  assert.equal(
    tf.memory().numTensors - before,
    kept,
    `tensor leak: ${tf.memory().numTensors - before - kept} tensors left behind`,
  );
  return out;
}

/** A [n, d] tensor of seeded uniform values in [lo, hi). */
export function uniform(n: number, d: number, seed: number, lo = 0, hi = 1): tf.Tensor2D {
  return tf.randomUniform([n, d], lo, hi, 'float32', seed) as tf.Tensor2D;
}

export function values(t: tf.Tensor): number[] {
  return Array.from(t.dataSync());
}
