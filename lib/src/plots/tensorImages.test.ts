import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { tensorToImages } from './tensorImages';

test('tensorToImages splits [B, H, W, 1], [B, H, W] and [B, D] batches into flat images, leaking nothing', () => {
  const data = Array.from({ length: 2 * 9 }, (_, i) => i / 17);
  const before = tf.memory().numTensors;
  for (const shape of [
    [2, 3, 3, 1],
    [2, 3, 3],
    [2, 9],
  ]) {
    const x = tf.tensor(data, shape);
    const imgs = tensorToImages(x);
    assert.equal(imgs.length, 2);
    assert.deepEqual(Array.from(imgs[1]), Array.from(Float32Array.from(data.slice(9))));
    x.dispose();
  }
  assert.equal(tf.memory().numTensors, before);
});

test('tensorToImages rejects colour images and unbatched vectors', () => {
  const rgb = tf.zeros([1, 2, 2, 3]);
  assert.throws(() => tensorToImages(rgb), /shape \[1, 2, 2, 3\].*grayscale/);
  const v = tf.zeros([4]);
  assert.throws(() => tensorToImages(v), /expandDims/);
  tf.dispose([rgb, v]);
});
