import { test } from '../../../test/helpers/backends';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { applyConvDecoder, applyConvEncoder, convDecoder, convEncoder, imageSide } from './conv';
import { Autoencoder } from './autoencoder';
import { ParamStore } from './params';
import { expectNoLeak, uniform } from '../../../test/helpers/models';

test('the encoder halves the side per layer down to z, the decoder doubles it back to the image', () => {
  const params = new ParamStore(1);
  const enc = convEncoder(params, 256, [4, 8], 3); // 16 × 16 → 8 × 8 × 4 → 4 × 4 × 8 → 3
  const dec = convDecoder(params, 3, [4, 8], 256);
  assert.equal(enc.side, 16);
  assert.deepEqual(enc.dense.W.shape, [4 * 4 * 8, 3]);
  assert.deepEqual(dec.dense.W.shape, [3, 4 * 4 * 8]);
  const x = uniform(5, 256, 2);
  const z = applyConvEncoder(enc, x, 'relu');
  assert.deepEqual(z.shape, [5, 3]);
  assert.deepEqual(applyConvDecoder(dec, z, 'relu').shape, [5, 256]);
  params.dispose();
});

test('imageSide accepts square sides that halve cleanly and names the fix otherwise', () => {
  assert.equal(imageSide(784, 2), 28);
  assert.throws(() => imageSide(784, 3), /halves 3 times.*architecture 'dense'/);
  assert.throws(() => imageSide(200, 1), /inputDim 200/);
});

test('a training step of the conv autoencoder leaves no tensors behind', async () => {
  const ae = new Autoencoder({ architecture: 'conv', inputDim: 64, channels: [2, 4], latentDim: 3, seed: 3 });
  const x = uniform(4, 64, 4);
  const optimizer = tf.train.adam(0.01);
  const step = () => optimizer.minimize(() => ae.loss({ x }, { seed: 0 }).total as tf.Scalar, false, ae.params.list());
  step(); // the first step creates Adam's moment variables, which it keeps by design
  await expectNoLeak(step);
  await expectNoLeak(() => tf.dispose([ae.encode(x), ae.reconstruct(x)]));
  optimizer.dispose();
  ae.dispose();
});

/** 8 × 8 images with one bright bar: a row or a column at a random position (seeded). [n, 64] */
function bars(n: number, seed: number): tf.Tensor2D {
  const data = new Float32Array(n * 64);
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < n; i++) {
    const at = Math.floor(next() * 8);
    const vertical = next() < 0.5;
    for (let t = 0; t < 8; t++) data[i * 64 + (vertical ? t * 8 + at : at * 8 + t)] = 1;
  }
  return tf.tensor2d(data, [n, 64]);
}

test('trained on bar images, the conv autoencoder reconstructs them far better than the mean image does', () => {
  const x = bars(32, 7); // the cpu backend's convolution gradients are slow: keep this small
  const ae = new Autoencoder({ architecture: 'conv', inputDim: 64, channels: [4, 8], latentDim: 8, seed: 5 });
  const optimizer = tf.train.adam(0.01);
  const error = (xHat: () => tf.Tensor) =>
    tf.tidy(() => tf.mean(tf.sum(tf.square(tf.sub(x, xHat())), 1)).dataSync()[0]); // Σ_d (x_d − x̂_d)² per image
  const baseline = error(() => tf.mean(x, 0, true)); // the best constant image
  const initial = error(() => ae.reconstruct(x));
  for (let i = 0; i < 200; i++)
    optimizer.minimize(() => ae.loss({ x }, { seed: 0 }).total as tf.Scalar, false, ae.params.list());
  const trained = error(() => ae.reconstruct(x));
  assert.ok(
    initial > baseline,
    `untrained (${initial.toFixed(2)}) is no better than the mean image (${baseline.toFixed(2)})`,
  );
  assert.ok(
    trained < 0.4 * baseline,
    `trained error ${trained.toFixed(2)} per image, mean image ${baseline.toFixed(2)}`,
  );
  optimizer.dispose();
  ae.dispose();
  x.dispose();
});
