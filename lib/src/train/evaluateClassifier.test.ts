import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { Classifier } from '../models/classifier';
import { ModelInputError } from '../models/types';
import { evaluateClassifier } from './evaluateClassifier';
import { expectNoLeak, useCpu } from '../../../test/helpers/models';

before(useCpu);

/** logits = x (identity weights, no hidden layer): the prediction is the largest coordinate. */
function identityClassifier(): Classifier {
  const clf = new Classifier({ inputDim: 3, hidden: [], numClasses: 3 });
  const [W, b] = clf.params.list();
  W.assign(tf.eye(3));
  b.assign(tf.zeros([3]));
  return clf;
}

test('accuracy and cross-entropy are the hand-computed means over examples, across uneven batches', async () => {
  const clf = identityClassifier();
  const x = [
    [2, 0, 0],
    [0, 1, 0],
    [0, 0, 3],
    [1, 0, 0],
    [0, 2, 0],
  ];
  const labels = [0, 1, 0, 1, 1]; // rows 0, 1, 4 are right: accuracy 3/5
  const ce = x.map((l, i) => Math.log(l.reduce((s, v) => s + Math.exp(v), 0)) - l[labels[i]]);
  const data = { x: tf.tensor2d(x), c: tf.oneHot(tf.tensor1d(labels, 'int32'), 3).toFloat() as tf.Tensor2D };
  const r = await expectNoLeak(() => evaluateClassifier(clf, data, { batchSize: 2 }));
  assert.equal(r.examples, 5);
  assert.equal(r.accuracy, 3 / 5);
  assert.ok(Math.abs(r.crossEntropy - ce.reduce((s, v) => s + v, 0) / 5) < 1e-5, `${r.crossEntropy}`);
  tf.dispose([data.x, data.c]);
  clf.dispose();
});

test('data without labels is refused with a ModelInputError', async () => {
  const clf = identityClassifier();
  const x = tf.zeros([2, 3]) as tf.Tensor2D;
  await assert.rejects(
    evaluateClassifier(clf, { x }),
    (e: Error) => e instanceof ModelInputError && /no labels c/.test(e.message),
  );
  x.dispose();
  clf.dispose();
});
