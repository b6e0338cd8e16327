import { test } from '../../../test/helpers/backends';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { fit } from '../train/fit';
import { accuracyOf, Classifier } from './classifier';
import { ModelInputError } from './types';
import { expectNoLeak, values } from '../../../test/helpers/models';

const D = 8;
const K = 4;

/** K Gaussian clusters in D dimensions, centres 3 apart per axis, σ = 0.5: separable. */
function clusters(n: number, seed: number, labels = Array.from({ length: n }, (_, i) => i % K)) {
  const centres = Array.from({ length: K }, (_, k) => Array.from({ length: D }, (_, d) => (d % K === k ? 3 : 0)));
  const x = tf.tidy(() =>
    tf.add(
      tf.tensor2d(Array.from({ length: n }, (_, i) => centres[i % K])),
      tf.randomNormal([n, D], 0, 0.5, 'float32', seed),
    ),
  ) as tf.Tensor2D;
  const c = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), K).toFloat() as tf.Tensor2D);
  return { x, c, labels };
}

test('the classifier learns separable clusters to ~100% and labels unrelated to x only to chance', async () => {
  const train = clusters(400, 1);
  const held = clusters(400, 2);
  const clf = new Classifier({ inputDim: D, hidden: [16], numClasses: K, seed: 3 });
  await fit(clf, train, { epochs: 10, batchSize: 20, learningRate: 0.01, seed: 4 });
  assert.ok(clf.accuracy(held.x, held.labels) >= 0.99, `held-out accuracy ${clf.accuracy(held.x, held.labels)}`);

  // the same points with labels drawn independently of them (a fixed pseudo-random shuffle)
  const shuffled = clusters(
    400,
    1,
    Array.from({ length: 400 }, (_, i) => ((i * 7919 + Math.floor(i / 3)) % 11) % K),
  );
  const nonsense = new Classifier({ inputDim: D, hidden: [16], numClasses: K, seed: 3 });
  await fit(nonsense, shuffled, { epochs: 10, batchSize: 20, learningRate: 0.01, seed: 4 });
  const acc = nonsense.accuracy(held.x, held.labels);
  assert.ok(acc < 0.45, `held-out accuracy ${acc} should stay near chance 1/${K}`);
  [train, held, shuffled].forEach((s) => tf.dispose([s.x, s.c]));
  [clf, nonsense].forEach((m) => m.dispose());
});

test('the loss is the hand-computed mean cross-entropy, reported as the reconstruction term with kl 0', () => {
  const clf = new Classifier({ inputDim: 2, hidden: [], numClasses: 3, seed: 0 }); // logits = x W + b
  const [W, b] = clf.params.list();
  W.assign(
    tf.tensor2d([
      [1, 0, -1],
      [0.5, 2, 0],
    ]),
  );
  b.assign(tf.tensor1d([0, 0.1, 0.2]));
  const x = [
    [1, 2],
    [-1, 0.5],
  ];
  const labels = [1, 2];
  const logits = x.map(([u, v]) => [u + 0.5 * v, 2 * v + 0.1, -u + 0.2]);
  const ce = logits.map((l, i) => Math.log(l.reduce((s, z) => s + Math.exp(z), 0)) - l[labels[i]]);
  const c = tf.oneHot(tf.tensor1d(labels, 'int32'), 3).toFloat() as tf.Tensor2D;
  const terms = clf.loss({ x: tf.tensor2d(x), c }, { seed: 0 });
  const [total, reconstruction, kl] = [terms.total, terms.reconstruction, terms.kl].map((t) => t.dataSync()[0]);
  assert.ok(Math.abs(total - (ce[0] + ce[1]) / 2) < 1e-5, `${total} vs ${(ce[0] + ce[1]) / 2}`);
  assert.deepEqual([reconstruction, kl], [total, 0]);
  assert.deepEqual(
    Array.from(clf.predict(tf.tensor2d(x))),
    logits.map((l) => l.indexOf(Math.max(...l))),
  );
  clf.dispose();
});

test('a batch without labels, a wrong shape, and reconstruct fail with a ModelInputError that says what to do', () => {
  const clf = new Classifier({ inputDim: D, hidden: [4], numClasses: K });
  const x = tf.zeros([2, D]) as tf.Tensor2D;
  assert.throws(
    () => clf.loss({ x }, { seed: 0 }),
    (e: Error) => e instanceof ModelInputError && /no labels c.*one-hot/.test(e.message),
  );
  assert.throws(
    () => clf.loss({ x, c: tf.zeros([2, K + 1]) as tf.Tensor2D }, { seed: 0 }),
    /one-hot class c of shape \[2, 4\], got \[2,5\]/,
  );
  assert.throws(() => clf.logits(tf.zeros([2, D + 1]) as tf.Tensor2D), /expected x of shape \[B, 8\], got \[2,9\]/);
  assert.throws(
    () => clf.reconstruct(x),
    (e: Error) => e instanceof ModelInputError && /does not reconstruct/.test(e.message),
  );
  assert.throws(() => accuracyOf([1, 2], [1]), /one label per row/);
  clf.dispose();
});

test('same seed, same weights; logits, predict, accuracy and loss leak no tensors', async () => {
  const [a, b] = [
    new Classifier({ inputDim: D, hidden: [5], numClasses: K, seed: 9 }),
    new Classifier({ inputDim: D, hidden: [5], numClasses: K, seed: 9 }),
  ];
  assert.deepEqual(a.params.list().map(values), b.params.list().map(values));
  const { x, c, labels } = clusters(12, 5);
  await expectNoLeak(() => a.predict(x));
  await expectNoLeak(() => a.accuracy(x, labels));
  const logits = await expectNoLeak(() => a.logits(x), 1);
  assert.deepEqual(logits.shape, [12, K]);
  const terms = await expectNoLeak(() => a.loss({ x, c }, { seed: 0 }), 3);
  tf.dispose([logits, x, c, ...Object.values(terms)]);
  [a, b].forEach((m) => m.dispose());
});
