import { test } from '../../../test/helpers/backends';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { PixelCNN } from './pixelcnn';
import { ModelInputError } from './types';
import { fit } from '../train/fit';
import { rng } from '../seed';
import { expectNoLeak, values } from '../../../test/helpers/models';

const configs = [
  {
    name: '12×12, 5×5 mask A, 1 block, unconditional',
    config: { inputDim: 144, channels: 6, blocks: 1, firstKernel: 5, seed: 2 },
  },
  {
    name: '11×11, 7×7 mask A, 2 blocks, 3 classes',
    config: { inputDim: 121, channels: 5, blocks: 2, firstKernel: 7, numClasses: 3, seed: 3 },
  },
];

for (const { name, config } of configs) {
  test(`naive and fast samplers agree bit for bit (${name})`, async () => {
    const model = new PixelCNN(config);
    const [naive, fast] = [
      await model.sample(5, { seed: 9, method: 'naive' }),
      await model.sample(5, { seed: 9, method: 'fast' }),
    ];
    const [a, b] = [values(naive), values(fast)];
    assert.ok(a.every((v) => v === 0 || v === 1));
    assert.deepEqual(b, a);
    const ones = a.reduce((s: number, v) => s + v, 0);
    assert.ok(
      ones > 0.05 * a.length && ones < 0.95 * a.length,
      `not a trivial all-0/all-1 sample: ${ones} of ${a.length}`,
    );
    const other = values(await model.sample(5, { seed: 10 }));
    assert.notDeepEqual(other, a, 'another seed gives other images');
    model.dispose();
  });
}

test('the fast sampler reports progress pixel by pixel, and a full sampling run leaks no tensors', async () => {
  const model = new PixelCNN({ inputDim: 64, channels: 4, blocks: 1, firstKernel: 3, numClasses: 2, seed: 1 });
  for (const method of ['fast', 'naive'] as const) {
    const progress: number[] = [];
    const images = await expectNoLeak(
      () =>
        model.sample(3, {
          seed: 1,
          class: [0, 1, 1],
          method,
          onProgress: (done, total) => void progress.push(done / total),
        }),
      1,
    );
    assert.deepEqual(images.shape, [3, 64]);
    assert.deepEqual(
      progress,
      Array.from({ length: 64 }, (_, i) => (i + 1) / 64),
    );
    images.dispose();
  }
  await assert.rejects(model.sample(2, { seed: 1, class: [0] }), /1 classes given for 2 images/);
  await assert.rejects(model.sample(2, { seed: 1, class: 5 }), ModelInputError);
  const plain = new PixelCNN({ inputDim: 16, channels: 2, blocks: 1, firstKernel: 3 });
  await assert.rejects(plain.sample(1, { seed: 1, class: 0 }), /unconditional/);
  model.dispose();
  plain.dispose();
});

/**
 * Three trivially separable classes of 8×8 binary images with 3% flipped pixels: horizontal
 * stripes, vertical stripes, and a blank image.
 */
function stripes(n: number, seed: number): { x: tf.Tensor2D; c: tf.Tensor2D; labels: number[] } {
  const next = rng(seed);
  const labels = Array.from({ length: n }, (_, i) => i % 3);
  const pattern = (k: number, y: number, x: number) => (k === 0 ? y % 2 === 0 : k === 1 ? x % 2 === 0 : false);
  const pixels = labels.flatMap((k) =>
    Array.from({ length: 64 }, (_, i) => Number(pattern(k, Math.floor(i / 8), i % 8) !== next() < 0.03)),
  );
  return {
    x: tf.tensor2d(pixels, [n, 64]),
    c: tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 3).toFloat() as tf.Tensor2D),
    labels,
  };
}

/** A softmax-regression classifier of the 64 pixels, trained on labelled images. → predict */
async function trainClassifier(x: tf.Tensor2D, c: tf.Tensor2D): Promise<(images: tf.Tensor2D) => number[]> {
  const W = tf.variable(tf.zeros([64, 3]));
  const b = tf.variable(tf.zeros([3]));
  const logits = (t: tf.Tensor2D) => tf.add(tf.matMul(t, W), b);
  const optimizer = tf.train.adam(0.1);
  for (let step = 0; step < 50; step++)
    tf.dispose(optimizer.minimize(() => tf.losses.softmaxCrossEntropy(c, logits(x)) as tf.Scalar, true) ?? []);
  optimizer.dispose();
  return (images) => Array.from(tf.tidy(() => tf.argMax(logits(images), 1)).dataSync());
}

test('class-conditional samples are classified as their class at least 80% of the time (8×8 stripes, 3 classes)', async () => {
  const train = stripes(150, 1);
  const classify = await trainClassifier(train.x, train.c);
  const heldOut = stripes(60, 2);
  const accuracy = (pred: number[], labels: number[]) => pred.filter((p, i) => p === labels[i]).length / labels.length;
  assert.ok(accuracy(classify(heldOut.x), heldOut.labels) > 0.98, 'the classifier itself is reliable');

  // small enough to train in seconds on the cpu backend (about 97% after 4 epochs when written)
  const model = new PixelCNN({ inputDim: 64, channels: 8, blocks: 1, firstKernel: 3, numClasses: 3, seed: 4 });
  await fit(model, { x: train.x, c: train.c }, { epochs: 4, batchSize: 20, learningRate: 0.05, seed: 5 });
  const labels = Array.from({ length: 30 }, (_, i) => Math.floor(i / 10)); // 10 samples of each class
  const samples = await model.sample(30, { seed: 6, class: labels });
  const rate = accuracy(classify(samples), labels);
  console.log(`class-conditional samples classified as their class: ${(100 * rate).toFixed(0)}% of 30`);
  assert.ok(rate >= 0.8, `only ${(100 * rate).toFixed(0)}% of samples classified as their class`);
  model.dispose();
});
