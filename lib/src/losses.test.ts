import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import {
  bceWithLogits,
  bceWithLogitsPerExample,
  bitsPerDim,
  iwaeBound,
  klToStdNormal,
  logMeanExp,
  logNormal,
  logStdNormal,
  monteCarloElbo,
  mse,
  negativeElbo,
  softmaxCrossEntropy,
  softmaxCrossEntropyPerExample,
} from './losses';
import { expectNoLeak, uniform, useCpu, values } from '../../test/helpers/models';

before(useCpu);

test('mse sums over pixels and averages over the batch', () => {
  const x = tf.tensor2d([
    [0, 1, 0.5],
    [1, 1, 1],
  ]);
  const y = tf.tensor2d([
    [1, 1, 0],
    [1, 0, 0],
  ]);
  // rows: 1 + 0 + 0.25 = 1.25 and 0 + 1 + 1 = 2 → mean 1.625
  assert.ok(Math.abs(mse(x, y).dataSync()[0] - 1.625) < 1e-6);
});

test('BCE on logits matches the naive formula away from 0 and 1', () => {
  const x = uniform(8, 50, 1);
  const logits = uniform(8, 50, 2, -4, 4);
  const p = tf.sigmoid(logits);
  const naive = tf.neg(tf.sum(tf.add(tf.mul(x, tf.log(p)), tf.mul(tf.sub(1, x), tf.log(tf.sub(1, p)))), 1));
  const stable = bceWithLogitsPerExample(x, logits);
  values(stable).forEach((v, i) => assert.ok(Math.abs(v - values(naive)[i]) < 1e-3 * Math.abs(v), `row ${i}: ${v}`));
  assert.ok(Math.abs(bceWithLogits(x, logits).dataSync()[0] - tf.mean(naive).dataSync()[0]) < 1e-2);
});

test('BCE on logits stays finite where the naive formula overflows', () => {
  const x = tf.tensor2d([[0, 1, 1, 0]]);
  const logits = tf.tensor2d([[200, -200, 200, -200]]);
  // −log(1 − σ(200)) ≈ 200, −log σ(−200) ≈ 200, the other two ≈ e^{−200} ≈ 0
  assert.ok(Math.abs(bceWithLogitsPerExample(x, logits).dataSync()[0] - 400) < 1e-3);
});

test('BCE on logits: its gradient is σ(l) − x for the logits and −l for x, per example, as autodiff of the naive formula gives', async () => {
  const x = uniform(8, 50, 3);
  const logits = uniform(8, 50, 4, -4, 4);
  const w = tf.linspace(-2, 3, 8); // upstream ∂L/∂bce_b, different per example
  const naive = (x: tf.Tensor, l: tf.Tensor) => {
    const p = tf.sigmoid(l);
    return tf.neg(tf.sum(tf.add(tf.mul(x, tf.log(p)), tf.mul(tf.sub(1, x), tf.log(tf.sub(1, p)))), 1));
  };
  const weighted = (f: (x: tf.Tensor, l: tf.Tensor) => tf.Tensor) => (x: tf.Tensor, l: tf.Tensor) =>
    tf.sum(tf.mul(w, f(x, l)));
  const [dx, dl] = tf.grads(weighted((x, l) => bceWithLogitsPerExample(x as tf.Tensor2D, l as tf.Tensor2D)))([
    x,
    logits,
  ]);
  const [wantDx, wantDl] = tf.grads(weighted(naive))([x, logits]);
  const closed = tf.mul(tf.reshape(w, [8, 1]), tf.sub(tf.sigmoid(logits), x));
  for (const [got, want, name] of [
    [dl, closed, 'σ(l) − x'],
    [dl, wantDl, 'autodiff ∂/∂l'],
    [dx, wantDx, 'autodiff ∂/∂x'],
  ] as const) {
    const [g, t] = [values(got), values(want)];
    g.forEach((v, i) =>
      assert.ok(Math.abs(v - t[i]) < 1e-5 + 1e-4 * Math.abs(t[i]), `${name} [${i}]: ${v} vs ${t[i]}`),
    );
  }
  tf.dispose([dx, dl, wantDx, wantDl, closed]);
  // the backward pass keeps nothing: only the two gradients outlive it
  tf.dispose(
    await expectNoLeak(
      () => tf.grads(weighted((x, l) => bceWithLogitsPerExample(x as tf.Tensor2D, l as tf.Tensor2D)))([x, logits]),
      2,
    ),
  );
});

test('closed-form KL to N(0, I) matches a Monte-Carlo estimate', () => {
  const zMean = tf.tensor2d([[0.5, -1, 2]]);
  const zLogVar = tf.tensor2d([[0, -1.5, 0.7]]);
  const closed = klToStdNormal(zMean, zLogVar).dataSync()[0];
  const n = 200_000;
  const eps = tf.randomNormal([n, 3], 0, 1, 'float32', 11);
  const z = tf.add(zMean, tf.mul(tf.exp(tf.mul(0.5, zLogVar)), eps));
  const diff = tf.sub(logNormal(z, zMean, zLogVar), logStdNormal(z)); // log q − log p, [n]
  const mc = tf.mean(diff).dataSync()[0];
  const stdErr = Math.sqrt(tf.moments(diff).variance.dataSync()[0] / n);
  assert.ok(Math.abs(mc - closed) < 4 * stdErr, `closed ${closed} vs MC ${mc} ± ${stdErr}`);
  assert.ok(closed > 1, 'this q is far from the prior, so the KL is clearly positive');
});

test('KL is zero exactly at the prior', () => {
  assert.equal(
    klToStdNormal(tf.zeros([2, 4]), tf.zeros([2, 4]))
      .sum()
      .dataSync()[0],
    0,
  );
});

test('negativeElbo returns its terms and weights the KL by beta', () => {
  const rec = tf.tensor1d([10, 20]);
  const kl = tf.tensor1d([1, 3]);
  const { reconstruction, kl: k, total } = negativeElbo(rec, kl, 0.5);
  assert.deepEqual(
    [reconstruction, k, total].map((t) => t.dataSync()[0]),
    [15, 2, 16],
  );
});

test('log-mean-exp is stable and equals log(mean(exp)) where that is computable', () => {
  const a = tf.tensor2d([
    [-1, 2],
    [0.5, -3],
    [1, 1],
  ]);
  const direct = tf.log(tf.mean(tf.exp(a), 0));
  values(logMeanExp(a, 0)).forEach((v, i) => assert.ok(Math.abs(v - values(direct)[i]) < 1e-5));
  const tiny = tf.tensor2d([[-1000], [-1001]]); // exp underflows to 0 in float32
  const expected = -1000 + Math.log((1 + Math.exp(-1)) / 2);
  assert.ok(Math.abs(logMeanExp(tiny, 0).dataSync()[0] - expected) < 1e-3);
});

test('IWAE bound ≥ Monte-Carlo ELBO on the same weights (Jensen)', () => {
  const logPx = uniform(16, 5, 3, -120, -80);
  const logPz = uniform(16, 5, 4, -5, -1);
  const logQ = uniform(16, 5, 5, -5, 2);
  const elbo = values(monteCarloElbo(logPx, logPz, logQ));
  const iwae = values(iwaeBound(tf.sub(tf.add(logPx, logPz), logQ) as tf.Tensor2D));
  elbo.forEach((e, b) => assert.ok(iwae[b] > e, `example ${b}: iwae ${iwae[b]} ≤ elbo ${e}`));
});

test('each loss returns exactly its result tensors and nothing else', async () => {
  const x = uniform(4, 6, 6);
  const l = uniform(4, 6, 7, -2, 2);
  const rec = tf.sum(x, 1) as tf.Tensor1D;
  const kl = tf.sum(l, 1) as tf.Tensor1D;
  for (const make of [
    () => mse(x, l),
    () => bceWithLogits(x, l),
    () => klToStdNormal(x, l),
    () => logMeanExp(l),
    () => iwaeBound(l),
  ]) {
    tf.dispose(await expectNoLeak(make, 1));
  }
  const terms = await expectNoLeak(() => negativeElbo(rec, kl, 2), 3);
  tf.dispose(Object.values(terms));
});

test('bits per dimension converts nats over D dimensions', () => {
  assert.ok(Math.abs(bitsPerDim(784 * Math.LN2, 784) - 1) < 1e-12);
});

test('softmax cross-entropy is −log of the true class probability, averaged over the batch', () => {
  const logits = [
    [1, 2, 3],
    [0, 0, 0],
  ];
  const labels = [2, 0];
  // hand-computed: −log(e^{l_c} / Σ_j e^{l_j}) per row
  const expected = logits.map((l, b) => Math.log(l.reduce((s, v) => s + Math.exp(v), 0)) - l[labels[b]]);
  const c = tf.oneHot(tf.tensor1d(labels, 'int32'), 3).toFloat() as tf.Tensor2D;
  const perExample = values(softmaxCrossEntropyPerExample(c, tf.tensor2d(logits)));
  perExample.forEach((v, b) => assert.ok(Math.abs(v - expected[b]) < 1e-5, `row ${b}: ${v} vs ${expected[b]}`));
  assert.ok(
    Math.abs(softmaxCrossEntropy(c, tf.tensor2d(logits)).dataSync()[0] - (expected[0] + expected[1]) / 2) < 1e-5,
  );
  assert.ok(Math.abs(expected[1] - Math.log(3)) < 1e-12, 'uniform logits give log K');
});

test('softmax cross-entropy stays finite for logits whose exponent overflows float32', () => {
  const c = tf.tensor2d([[0, 1]]);
  // −log softmax(l)_1 = log(e^{1000} + e^{−1000}) − (−1000) ≈ 2000
  assert.ok(Math.abs(softmaxCrossEntropyPerExample(c, tf.tensor2d([[1000, -1000]])).dataSync()[0] - 2000) < 1e-2);
  assert.ok(
    Math.abs(softmaxCrossEntropyPerExample(tf.tensor2d([[1, 0]]), tf.tensor2d([[1000, -1000]])).dataSync()[0]) < 1e-6,
  );
});
