import { test } from '../../../test/helpers/backends';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { corrupt, type Corruption } from '../data';
import { DenoisingAutoencoder } from './denoising';
import { fit } from '../train/fit';
import { uniform } from '../../../test/helpers/models';

test('the DAE keeps the autoencoder shapes, and its loss is seeded', () => {
  const dae = new DenoisingAutoencoder({ inputDim: 12, hidden: [8], latentDim: 3, seed: 1 });
  const x = uniform(5, 12, 2);
  assert.deepEqual(
    [dae.encode(x).shape, dae.reconstruct(x).shape],
    [
      [5, 3],
      [5, 12],
    ],
  );
  const loss = (seed: number) => dae.loss({ x }, { seed }).total.dataSync()[0];
  assert.equal(loss(3), loss(3));
  assert.notEqual(loss(3), loss(4), 'a different seed corrupts differently');
  dae.dispose();
});

/** Points near a 2-D manifold in [0, 1]^D: x = σ(z A), z ~ N(0, I). */
function manifold(n: number, seed: number): tf.Tensor2D {
  return tf.tidy(
    () =>
      tf.sigmoid(
        tf.matMul(tf.randomNormal([n, 2], 0, 1, 'float32', seed), tf.randomNormal([2, 32], 0, 2, 'float32', 99)),
      ) as tf.Tensor2D,
  );
}

test('a trained DAE maps a corrupted input closer to the clean input than the corruption was', async () => {
  const corruption: Corruption = { kind: 'gaussian', std: 0.3 };
  const dae = new DenoisingAutoencoder({ inputDim: 32, hidden: [32], latentDim: 4, corruption, seed: 2 });
  await fit(dae, { x: manifold(1000, 3) }, { epochs: 15, batchSize: 50, learningRate: 0.01, seed: 4 });
  const clean = manifold(200, 5); // held out
  const noisy = corrupt(clean, corruption, 6);
  const sq = (a: tf.Tensor, b: tf.Tensor) =>
    tf.tidy(() => tf.mean(tf.sum(tf.squaredDifference(a, b), 1)).dataSync()[0]);
  const before = sq(noisy, clean);
  const after = sq(dae.reconstruct(noisy), clean);
  assert.ok(after < before / 2, `‖x̂ − x‖² = ${after.toFixed(3)} vs ‖x̃ − x‖² = ${before.toFixed(3)}`);
  dae.dispose();
});
