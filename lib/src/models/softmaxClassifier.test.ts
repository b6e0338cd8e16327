import { test } from '../../../test/helpers/backends';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { fitSoftmaxClassifier } from './softmaxClassifier';

/** Three Gaussian blobs in 2-D centred at distinct points: linearly separable up to overlap. */
function blobs(n: number, seed: number): { h: tf.Tensor2D; labels: number[] } {
  const labels = Array.from({ length: n }, (_, i) => i % 3);
  const centres = [
    [4, 0],
    [-4, 0],
    [0, 4],
  ];
  const h = tf.tidy(() =>
    tf.add(tf.tensor2d(labels.map((c) => centres[c])), tf.randomNormal([n, 2], 0, 0.7, 'float32', seed)),
  ) as tf.Tensor2D;
  return { h, labels };
}

test('a softmax head separates separable classes and beats chance by far', () => {
  const train = blobs(300, 1);
  const testSet = blobs(300, 2);
  const head = fitSoftmaxClassifier(train.h, train.labels, { numClasses: 3, epochs: 30, seed: 5 });
  assert.ok(head.accuracy(testSet.h, testSet.labels) > 0.97, 'test accuracy on well-separated blobs');
  // labels shuffled against the features cannot be learned: held-out accuracy stays near 1/3
  const shuffled = train.labels.map((_, i) => (train.labels[(i * 7 + 1) % 300] === 0 ? 1 : i % 5 === 0 ? 2 : 0));
  const nonsense = fitSoftmaxClassifier(train.h, shuffled, { numClasses: 3, epochs: 30, seed: 5 });
  assert.ok(nonsense.accuracy(testSet.h, testSet.labels) < 0.7, 'labels unrelated to the features are not learned');
  for (const t of [train.h, testSet.h]) t.dispose();
  head.dispose();
  nonsense.dispose();
});

test('training is seeded, leaks no tensors, and rejects mismatched inputs', () => {
  const { h, labels } = blobs(90, 3);
  const before = tf.memory().numTensors;
  const a = fitSoftmaxClassifier(h, labels, { numClasses: 3, epochs: 2, seed: 9 });
  const b = fitSoftmaxClassifier(h, labels, { numClasses: 3, epochs: 2, seed: 9 });
  assert.deepEqual(a.layer.W.arraySync(), b.layer.W.arraySync(), 'same seed, same weights');
  a.predict(h);
  a.dispose();
  b.dispose();
  assert.equal(tf.memory().numTensors, before, 'no tensors leak');
  assert.throws(() => fitSoftmaxClassifier(h, labels.slice(1)), /one label per row/);
  const c = fitSoftmaxClassifier(h, labels, { numClasses: 3, epochs: 1 });
  assert.throws(() => c.predict(tf.zeros([2, 5]) as tf.Tensor2D), /shape \[B, 2\]/);
  c.dispose();
  h.dispose();
});
