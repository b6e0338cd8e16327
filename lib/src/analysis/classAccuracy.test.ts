import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { loadDataset, subset, toTensor, type ImageSet } from '../data';
import { Classifier } from '../models/classifier';
import { ConditionalVAE } from '../models/cvae';
import { PixelCNN } from '../models/pixelcnn';
import { VAE } from '../models/vae';
import { ModelInputError } from '../models/types';
import { fit } from '../train/fit';
import { classAccuracy, conditionalGenerator, type ConditionalGenerator } from './classAccuracy';
import { expectNoLeak, useCpu } from '../../../test/helpers/models';

let mnist: ImageSet;
let judge: Classifier;
let templates: tf.Tensor2D; // [10, 784]: the mean image of each class
before(async () => {
  await useCpu();
  mnist = subset(await loadDataset('mnist', 'test'), 1000);
  judge = new Classifier({ hidden: [32], seed: 1 });
  await fit(judge, mnist, { epochs: 2, batchSize: 50, learningRate: 3e-3, seed: 2 });
  templates = tf.tidy(() => {
    const x = toTensor(mnist); // [N, 784]
    const c = tf.oneHot(tf.tensor1d(mnist.labels, 'int32'), 10).toFloat(); // [N, 10]
    return tf.div(tf.matMul(c, x, true), tf.sum(c, 0).expandDims(1)) as tf.Tensor2D; // Σ_n c_nk x_n / N_k
  });
});

/** Class templates with seeded pixel noise: the image for `labels[i]` is the mean of `pick(labels[i])`. */
function fromTemplates(pick: (label: number, i: number) => number): ConditionalGenerator {
  return (labels, seed) =>
    tf.tidy(() => {
      const rows = tf.gather(templates, tf.tensor1d(labels.map(pick), 'int32')); // [n, 784]
      return tf.clipByValue(tf.add(rows, tf.randomNormal(rows.shape, 0, 0.1, 'float32', seed)), 0, 1) as tf.Tensor2D;
    });
}

test('a generator that draws the requested class scores ~100%, one that ignores it ~10%', async () => {
  const perfect = await classAccuracy(
    fromTemplates((c) => c),
    judge,
    { perClass: 20, seed: 3 },
  );
  assert.ok(perfect.accuracy >= 0.95, `perfect generator: ${perfect.accuracy}`);
  assert.ok(
    perfect.perClass.every((a) => a >= 0.8),
    `per class: ${perfect.perClass}`,
  );
  // the class of each sample drawn from its index, not from the request: uniform over 0…9
  const ignoring = await classAccuracy(
    fromTemplates((_, i) => (i * 7 + Math.floor(i / 10)) % 10),
    judge,
    { perClass: 20, seed: 3 },
  );
  assert.ok(ignoring.accuracy > 0.03 && ignoring.accuracy < 0.2, `class-blind generator: ${ignoring.accuracy}`);
});

test('the confusion matrix counts every sample once, and the accuracies are its diagonal', async () => {
  const r = await classAccuracy(
    fromTemplates((c) => (c === 3 ? 8 : c)),
    judge,
    { perClass: 10, seed: 4 },
  ); // asked for 3, draws 8
  assert.deepEqual(
    r.confusion.map((row) => row.reduce((s, v) => s + v, 0)),
    new Array(10).fill(10),
  );
  assert.deepEqual(
    r.perClass,
    r.confusion.map((row, c) => row[c] / 10),
  );
  assert.equal(r.accuracy, r.confusion.reduce((s, row, c) => s + row[c], 0) / 100);
  assert.ok(r.perClass[3] <= 0.2 && r.confusion[3][8] >= 8, `requests for 3 come out as 8: ${r.confusion[3]}`);
});

test('real conditional models: cvae and class-conditional pixelcnn are seeded and leak nothing; unconditional ones are refused', async () => {
  const cvae = new ConditionalVAE({ hidden: [16], latentDim: 2, seed: 5 });
  const a = await expectNoLeak(() => classAccuracy(conditionalGenerator(cvae), judge, { perClass: 4, seed: 6 }));
  const b = await classAccuracy(conditionalGenerator(cvae), judge, { perClass: 4, seed: 6 });
  assert.deepEqual(a, b, 'same seed, same result');
  assert.equal(a.samplesPerClass, 4);

  const pixelcnn = new PixelCNN({ inputDim: 16, channels: 4, blocks: 1, firstKernel: 3, numClasses: 3, seed: 7 });
  const small = new Classifier({ inputDim: 16, hidden: [4], numClasses: 3, seed: 8 });
  const p = await expectNoLeak(() => classAccuracy(conditionalGenerator(pixelcnn), small, { perClass: 2, seed: 9 }));
  assert.deepEqual(
    p.confusion.map((row) => row.reduce((s, v) => s + v, 0)),
    [2, 2, 2],
  );

  const vae = new VAE({ hidden: [4], latentDim: 2 });
  const unconditional = new PixelCNN({ inputDim: 16, channels: 2, blocks: 0, firstKernel: 3 });
  assert.throws(
    () => conditionalGenerator(vae),
    (e: Error) => e instanceof ModelInputError && /a vae is not conditional.*cvae/.test(e.message),
  );
  assert.throws(() => conditionalGenerator(unconditional), /unconditional pixelcnn.*--class-conditional/);
  await assert.rejects(classAccuracy(conditionalGenerator(cvae), judge, { perClass: 0, seed: 1 }), RangeError);
  [cvae, pixelcnn, small, vae, unconditional].forEach((m) => m.dispose());
});
