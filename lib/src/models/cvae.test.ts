import { test } from '../../../test/helpers/backends';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { ConditionalVAE } from './cvae';
import { ModelInputError } from './types';
import { fit } from '../train/fit';
import { expectNoLeak, uniform } from '../../../test/helpers/models';

test('every CVAE path has the documented shape and needs the class', () => {
  const cvae = new ConditionalVAE({ inputDim: 12, hidden: [8], latentDim: 3, numClasses: 4, seed: 1 });
  const x = uniform(5, 12, 2);
  const c = cvae.oneHot([0, 1, 2, 3, 0]);
  const { zMean, zLogVar } = cvae.encode(x, c);
  assert.deepEqual(
    [zMean.shape, zLogVar.shape],
    [
      [5, 3],
      [5, 3],
    ],
  );
  assert.deepEqual(
    [cvae.decode(zMean, c).shape, cvae.reconstruct(x, c).shape],
    [
      [5, 12],
      [5, 12],
    ],
  );
  assert.deepEqual(cvae.loss({ x, c }, { seed: 3 }).total.shape, []);
  assert.deepEqual(cvae.iwae(x, { k: 3, seed: 4, c }).shape, [5]);
  assert.deepEqual(
    [cvae.sample(6, { seed: 5 }).shape, cvae.sample(2, { seed: 5, label: 3 }).shape],
    [
      [6, 12],
      [2, 12],
    ],
  );
  assert.throws(() => cvae.encode(x), ModelInputError);
  assert.throws(() => cvae.decode(zMean), ModelInputError);
  assert.throws(() => cvae.sample(2, { seed: 1, label: 4 }), /out of range.*0\.\.3/);
  assert.throws(() => cvae.sample(2, { seed: 1, label: [1] }), /1 labels given for 2 samples/);
  cvae.dispose();
});

test('each CVAE method leaves exactly its outputs behind', async () => {
  const cvae = new ConditionalVAE({ inputDim: 12, hidden: [8], latentDim: 3, numClasses: 4, seed: 1 });
  const x = uniform(5, 12, 2);
  const c = cvae.oneHot([0, 1, 2, 3, 0]);
  const z = uniform(5, 3, 3);
  const calls: [() => tf.TensorContainer, number][] = [
    [() => cvae.encode(x, c), 2],
    [() => cvae.decodeRaw(z, c), 1],
    [() => cvae.decode(z, c), 1],
    [() => cvae.reconstruct(x, c), 1],
    [() => cvae.loss({ x, c }, { seed: 1 }), 3],
    [() => cvae.elbo(x, { seed: 1, c }), 1],
    [() => cvae.iwae(x, { k: 3, seed: 1, c }), 1],
    [() => cvae.sample(4, { seed: 1, label: 2 }), 1],
    [() => cvae.oneHot([1, 2]), 1],
  ];
  for (const [call, outputs] of calls) tf.dispose(await expectNoLeak(call, outputs));
  cvae.dispose();
});

const [C, D, PER_CLASS] = [4, 16, 100];

/**
 * A class-structured toy set: class k lights the k-th block of 4 pixels, with a random brightness
 * (the "style" z must carry) and pixel noise. x [C·PER_CLASS, D] in [0, 1], labels [C·PER_CLASS].
 */
function toyClasses(seed: number): { x: tf.Tensor2D; labels: number[] } {
  const labels = Array.from({ length: C * PER_CLASS }, (_, i) => i % C);
  const x = tf.tidy(() => {
    const block = tf
      .oneHot(
        tf.tensor1d(
          labels.map((l) => l),
          'int32',
        ),
        C,
      )
      .toFloat(); // [N, C]
    const mask = tf.reshape(tf.tile(tf.expandDims(block, 2), [1, 1, D / C]), [labels.length, D]); // [N, D]
    const brightness = tf.randomUniform([labels.length, 1], 0.5, 1, 'float32', seed);
    const noise = tf.randomNormal([labels.length, D], 0, 0.05, 'float32', seed + 1);
    return tf.clipByValue(tf.add(tf.mul(mask, brightness), noise), 0, 1) as tf.Tensor2D;
  });
  return { x, labels };
}

/** Softmax regression trained here, the judge of the samples' classes. */
function trainClassifier(x: tf.Tensor2D, labels: number[]): (images: tf.Tensor2D) => number[] {
  const W = tf.variable(tf.zeros([D, C]));
  const b = tf.variable(tf.zeros([C]));
  const y = tf.oneHot(tf.tensor1d(labels, 'int32'), C);
  const optimizer = tf.train.adam(0.1);
  for (let i = 0; i < 100; i++)
    optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, tf.add(tf.matMul(x, W), b)) as tf.Scalar, false, [W, b]);
  return (images) => Array.from(tf.tidy(() => tf.argMax(tf.add(tf.matMul(images, W), b), 1)).dataSync());
}

test("CVAE samples for class c are classified as c (≥ 95%), an untrained CVAE's are not", async () => {
  const train = toyClasses(10);
  const classify = trainClassifier(train.x, train.labels);
  const heldOut = toyClasses(20);
  const heldOutAcc = classify(heldOut.x).filter((p, i) => p === heldOut.labels[i]).length / heldOut.labels.length;
  assert.ok(heldOutAcc > 0.98, `the judge itself is accurate on held-out data: ${heldOutAcc}`);

  const cvae = new ConditionalVAE({
    inputDim: D,
    hidden: [16],
    latentDim: 2,
    numClasses: C,
    decoder: 'bernoulli',
    seed: 3,
  });
  const c = tf.oneHot(tf.tensor1d(train.labels, 'int32'), C).toFloat() as tf.Tensor2D;
  const rate = () => {
    const wanted = Array.from({ length: 200 }, (_, i) => i % C);
    const predicted = classify(cvae.sample(200, { seed: 4, label: wanted }));
    return predicted.filter((p, i) => p === wanted[i]).length / wanted.length;
  };
  const untrained = rate();
  await fit(cvae, { x: train.x, c }, { epochs: 25, batchSize: 50, learningRate: 0.01, seed: 5 });
  const trained = rate();
  assert.ok(untrained < 0.6, `before training the class is ignored in effect: ${untrained}`);
  assert.ok(trained >= 0.95, `after training, samples of class c are classified as c at ${trained}`);
  cvae.dispose();
});
