/**
 * The speed engine's wasm kernels free every buffer they make: training steps of a PixelCNN and a VAE sized
 * to take every in-place path (wgrad filter and dense gradients, the padded mask-A layer, leading
 * sums, slices, transposes, shared identities) leave the backend's count of data buffers where it
 * was. Engine-level leak tests count tensors; a kernel that forgets an intermediate leaks below them.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { adam, PixelCNN, tf, VAE } from '../lib/src/index';
import { wasmAndCpu } from './helpers/parity';

before(wasmAndCpu);

const binary = (shape: number[], seed: number) =>
  tf.tidy(() => tf.randomUniform(shape, 0, 1, 'float32', seed).less(0.3).toFloat()) as tf.Tensor2D;

for (const [name, make, batch] of [
  ['PixelCNN', () => new PixelCNN({ channels: 8, blocks: 2, seed: 1 }), 4], // 4·784 = 3136 rows: every in-place path
  ['VAE', () => new VAE({ hidden: [64], latentDim: 8, seed: 1 }), 32],
] as const) {
  test(`${name} training steps on wasm leave the backend's data buffers as they were`, async () => {
    await tf.setBackend('wasm');
    const model = make();
    const x = binary([batch, 784], 2);
    const optimizer = adam(1e-3);
    const step = async (seed: number) => {
      const loss = optimizer.minimize(() => model.loss({ x }, { seed, beta: 1 }).total, true, model.params.list())!;
      await loss.data();
      loss.dispose();
    };
    await step(0); // the first step makes the optimizer's moments
    const buffers = tf.backend().numDataIds(),
      tensors = tf.memory().numTensors;
    for (let s = 1; s <= 3; s++) await step(s);
    assert.equal(tf.memory().numTensors, tensors, 'tensors');
    assert.equal(tf.backend().numDataIds(), buffers, 'data buffers');
    optimizer.dispose();
    model.dispose();
    x.dispose();
  });
}
