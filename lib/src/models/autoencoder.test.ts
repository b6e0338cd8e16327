import { test } from '../../../test/helpers/backends';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { Autoencoder } from './autoencoder';
import { ModelInputError } from './types';
import { fit } from '../train/fit';
import { uniform, values } from '../../../test/helpers/models';

test('encode, decode and reconstruct have the documented shapes', () => {
  const ae = new Autoencoder({ inputDim: 12, hidden: [8, 6], latentDim: 3, seed: 1 });
  const x = uniform(5, 12, 2);
  const z = ae.encode(x);
  assert.deepEqual(z.shape, [5, 3]);
  assert.deepEqual(ae.decode(z).shape, [5, 12]);
  const xHat = ae.reconstruct(x);
  assert.deepEqual(xHat.shape, [5, 12]);
  assert.ok(
    values(xHat).every((v: number) => v > 0 && v < 1),
    'BCE decoder outputs σ(logits) in (0, 1)',
  );
  const terms = ae.loss({ x }, { seed: 0 });
  assert.deepEqual([terms.total.shape, terms.reconstruction.shape], [[], []]);
  assert.equal(ae.params.count(), 12 * 8 + 8 + 8 * 6 + 6 + 6 * 3 + 3 + (3 * 6 + 6 + 6 * 8 + 8 + 8 * 12 + 12));
  ae.dispose();
});

test('the conv architecture has the same interface and shapes on 28 × 28 images', () => {
  const ae = new Autoencoder({ architecture: 'conv', channels: [4, 8], latentDim: 5, seed: 1 });
  const x = uniform(3, 784, 2);
  assert.deepEqual(
    [ae.encode(x).shape, ae.reconstruct(x).shape],
    [
      [3, 5],
      [3, 784],
    ],
  );
  const k = [...ae.params.variables].map(([name, v]) => `${name}:${v.shape}`);
  assert.deepEqual(k, [
    'encoder/conv0/K:3,3,1,4',
    'encoder/conv1/K:3,3,4,8',
    'encoder/conv0/b:4',
    'encoder/conv1/b:8',
    'encoder/out/W:392,5',
    'encoder/out/b:5',
    'decoder/deconv0/K:3,3,4,8',
    'decoder/deconv1/K:3,3,1,4',
    'decoder/deconv0/b:4',
    'decoder/deconv1/b:1',
    'decoder/in/W:5,392',
    'decoder/in/b:392',
  ]);
  const grads = tf.variableGrads(() => ae.loss({ x }, { seed: 0 }).total, ae.params.list()).grads;
  assert.ok(
    Object.values(grads).every((g) => values(g).some((v) => v !== 0)),
    'every parameter gets a gradient',
  );
  assert.throws(() => new Autoencoder({ architecture: 'conv', inputDim: 100, channels: [4, 8, 16] }), /halves 3 times/);
  ae.dispose();
});

test('the same seed builds the same weights; another seed does not', () => {
  const [a, b, c] = [1, 1, 2].map((seed) => new Autoencoder({ inputDim: 6, hidden: [4], latentDim: 2, seed }));
  const w = (m: Autoencoder) => values(m.params.variables.get('encoder/0/W')!);
  assert.deepEqual(w(a), w(b));
  assert.notDeepEqual(w(a), w(c));
  [a, b, c].forEach((m) => m.dispose());
});

test('a wrongly shaped input is a ModelInputError saying what was expected', () => {
  const ae = new Autoencoder({ inputDim: 6, hidden: [], latentDim: 2 });
  assert.throws(
    () => ae.encode(tf.zeros([3, 5]) as tf.Tensor2D),
    (e: Error) => e instanceof ModelInputError && /\[B, 6\].*\[3,5\]/.test(e.message),
  );
  ae.dispose();
});

/** Orthonormal basis (Gram–Schmidt) of the rows of m. */
function orthonormalRows(m: number[][]): number[][] {
  const q: number[][] = [];
  for (const row of m) {
    let v = [...row];
    for (const u of q) {
      const d = v.reduce((s, vi, i) => s + vi * u[i], 0);
      v = v.map((vi, i) => vi - d * u[i]);
    }
    const n = Math.hypot(...v);
    q.push(v.map((vi) => vi / n));
  }
  return q;
}

/**
 * Bound on the largest principal angle between the row spaces of orthonormal a, b [k, d]:
 * ‖P_a − P_b‖²_F = 2 Σ_i sin² θ_i, so θ_max ≤ asin(‖P_a − P_b‖_F / √2). In degrees.
 */
function maxPrincipalAngle(a: number[][], b: number[][]): number {
  const proj = (q: number[][]) => tf.matMul(tf.tensor2d(q), tf.tensor2d(q), true, false); // [d, d]
  const fro = tf.tidy(() => tf.norm(tf.sub(proj(a), proj(b))).dataSync()[0]);
  return (Math.asin(Math.min(1, fro / Math.SQRT2)) * 180) / Math.PI;
}

/** Top-k right singular vectors of the centred data (subspace iteration on XᵀX), rows [k, d]. */
function topPrincipalAxes(x: tf.Tensor2D, k: number): number[][] {
  const cov = tf.tidy(() => {
    const xc = tf.sub(x, tf.mean(x, 0));
    return tf.matMul(xc, xc, true, false).arraySync() as number[][];
  });
  let q = orthonormalRows(Array.from({ length: k }, (_, i) => cov[i]));
  for (let it = 0; it < 200; it++)
    q = orthonormalRows(q.map((row) => cov.map((c) => c.reduce((s, v, j) => s + v * row[j], 0))));
  return q;
}

test('a linear autoencoder trained with MSE spans the PCA subspace', async () => {
  const [n, d, k] = [400, 8, 2];
  // data with two strong directions plus small isotropic noise, shifted off the origin
  const x = tf.tidy(() => {
    const z = tf.mul(tf.randomNormal([n, k], 0, 1, 'float32', 3), tf.tensor1d([3, 2]));
    const A = tf.randomNormal([k, d], 0, 1, 'float32', 4);
    return tf.add(tf.add(tf.matMul(z, A), tf.randomNormal([n, d], 0, 0.1, 'float32', 5)), 0.5) as tf.Tensor2D;
  });
  const ae = new Autoencoder({
    inputDim: d,
    hidden: [],
    latentDim: k,
    activation: 'linear',
    reconstruction: 'mse',
    seed: 6,
  });
  const pca = topPrincipalAxes(x, k);
  const decoderRows = () => orthonormalRows(ae.params.variables.get('decoder/0/W')!.arraySync() as number[][]); // [k, d]: x̂ = z W + b
  const initial = maxPrincipalAngle(decoderRows(), pca);
  await fit(ae, { x }, { epochs: 60, batchSize: 50, learningRate: 0.02, seed: 7 });
  const angle = maxPrincipalAngle(decoderRows(), pca);
  assert.ok(initial > 10, `the untrained decoder is far from PCA (${initial.toFixed(1)}°)`);
  assert.ok(angle < 3, `largest principal angle ${angle.toFixed(2)}° between the AE subspace and PCA`);
  ae.dispose();
});

test('the encoder works as a frozen feature extractor under a new head', () => {
  const ae = new Autoencoder({ inputDim: 10, hidden: [8], latentDim: 4, seed: 9 });
  const before = ae.params.list().map((v) => values(v));
  const head = tf.variable(tf.zeros([4, 1]));
  const x = uniform(32, 10, 10);
  const y = tf.tidy(() => tf.sum(x, 1, true));
  const optimizer = tf.train.adam(0.05);
  const headLoss = () => tf.tidy(() => tf.mean(tf.squaredDifference(tf.matMul(ae.encode(x), head), y)) as tf.Scalar);
  const first = headLoss().dataSync()[0];
  for (let i = 0; i < 50; i++) optimizer.minimize(headLoss, false, [head]);
  assert.ok(headLoss().dataSync()[0] < first / 2, 'the head learns');
  ae.params.list().forEach((v, i) => assert.deepEqual(values(v), before[i], 'encoder weights unchanged'));
  ae.dispose();
});
