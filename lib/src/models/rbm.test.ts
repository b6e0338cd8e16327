import { test } from '../../../test/helpers/backends';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { barsAndStripes } from '../data/barsAndStripes';
import { allBinaryStates, RBM } from './rbm';
import { expectNoLeak, values } from '../../../test/helpers/models';

/** A tiny RBM (4 visible, 3 hidden) with weights large enough that p(v) is far from uniform. */
function tinyRBM(): RBM {
  const rbm = new RBM({ visible: 4, hidden: 3, initStd: 1.5, seed: 7 });
  rbm.a.assign(tf.tensor1d([0.5, -1, 0.2, 1.2]));
  rbm.b.assign(tf.tensor1d([-0.3, 0.8, -1.1]));
  return rbm;
}

/** Everything by brute force over all 2⁷ (v, h) pairs, in float64 plain JS, from the RBM's weights. */
function enumerate(rbm: RBM) {
  const [a, b] = [values(rbm.a), values(rbm.b)];
  const W = rbm.W.arraySync() as number[][];
  const bits = (s: number, n: number) => Array.from({ length: n }, (_, i) => (s >> (n - 1 - i)) & 1);
  const E = (v: number[], h: number[]) =>
    -v.reduce((s, vi, i) => s + a[i] * vi, 0) -
    h.reduce((s, hj, j) => s + b[j] * hj, 0) -
    v.reduce((s, vi, i) => s + vi * h.reduce((t, hj, j) => t + W[i][j] * hj, 0), 0);
  const vs = Array.from({ length: 16 }, (_, s) => bits(s, 4));
  const hs = Array.from({ length: 8 }, (_, s) => bits(s, 3));
  const unnormalised = vs.map((v) => hs.map((h) => Math.exp(-E(v, h)))); // [16][8]
  const Z = unnormalised.flat().reduce((s, x) => s + x, 0);
  const pv = unnormalised.map((row) => row.reduce((s, x) => s + x, 0) / Z); // [16]
  const freeEnergy = unnormalised.map((row) => -Math.log(row.reduce((s, x) => s + x, 0)));
  // p(h_j = 1 | v) = Σ_h h_j e^{−E} / Σ_h e^{−E}
  const pHgivenV = unnormalised.map((row) =>
    [0, 1, 2].map((j) => row.reduce((s, x, k) => s + x * hs[k][j], 0) / row.reduce((s, x) => s + x, 0)),
  );
  const pVgivenH = hs.map((_, k) =>
    [0, 1, 2, 3].map(
      (i) =>
        vs.reduce((s, v, m) => s + unnormalised[m][k] * v[i], 0) / vs.reduce((s, _v, m) => s + unnormalised[m][k], 0),
    ),
  );
  return { vs, hs, logZ: Math.log(Z), pv, freeEnergy, pHgivenV, pVgivenH, E };
}

const close = (got: number[], want: number[], tol: number, what: string) =>
  got.forEach((g, i) => assert.ok(Math.abs(g - want[i]) < tol, `${what}[${i}]: ${g} vs ${want[i]}`));

test('allBinaryStates lists the 2ⁿ bit patterns in order, and refuses what cannot be enumerated', () => {
  assert.deepEqual(allBinaryStates(2).arraySync(), [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ]);
  assert.throws(() => allBinaryStates(21), /too many to enumerate/);
});

test('energy, free energy, log Z and p(v) match enumeration of all (v, h) on a 4 × 3 RBM', () => {
  const rbm = tinyRBM();
  const exact = enumerate(rbm);
  const v = tf.tensor2d(exact.vs);
  const h = tf.tensor2d(exact.vs.map((_, s) => exact.hs[s % 8]));
  close(
    values(rbm.energy(v, h)),
    exact.vs.map((vv, s) => exact.E(vv, exact.hs[s % 8])),
    1e-4,
    'E(v, h)',
  );
  // F(v) = −aᵀv − Σ_j softplus(b_j + vᵀW_{:,j}) equals −log Σ_h e^{−E(v,h)}
  close(values(rbm.freeEnergy(v)), exact.freeEnergy, 1e-4, 'F(v)');
  assert.ok(Math.abs(rbm.logPartition().dataSync()[0] - exact.logZ) < 1e-4, 'log Z');
  const pv = values(tf.exp(rbm.logProb(v)));
  close(pv, exact.pv, 1e-5, 'p(v)');
  assert.ok(Math.abs(pv.reduce((s, p) => s + p, 0) - 1) < 1e-5, 'p(v) sums to 1');
  assert.ok(
    Math.max(...exact.pv) > 3 * Math.min(...exact.pv),
    'the test RBM is far from uniform, so these checks can fail',
  );
  rbm.dispose();
});

test('log Z is the same whichever layer is enumerated (V < H sums over v, V > H over h)', () => {
  const rbm = tinyRBM(); // V = 4 > H = 3: sums over h
  const wide = new RBM({ visible: 3, hidden: 4, seed: 1 }); // the transposed machine: sums over v
  wide.W.assign(tf.transpose(rbm.W));
  wide.a.assign(rbm.b);
  wide.b.assign(rbm.a);
  assert.ok(Math.abs(rbm.logPartition().dataSync()[0] - wide.logPartition().dataSync()[0]) < 1e-4);
  assert.ok(Math.abs(rbm.logPartition().dataSync()[0] - enumerate(rbm).logZ) < 1e-4);
  rbm.dispose();
  wide.dispose();
});

test('the conditionals p(h_j = 1 | v) = σ(b_j + vᵀW_{:,j}) and p(v_i = 1 | h) match enumeration', () => {
  const rbm = tinyRBM();
  const exact = enumerate(rbm);
  close(
    (rbm.hiddenGivenVisible(tf.tensor2d(exact.vs)).arraySync() as number[][]).flat(),
    exact.pHgivenV.flat(),
    1e-5,
    'p(h|v)',
  );
  close(
    (rbm.visibleGivenHidden(tf.tensor2d(exact.hs)).arraySync() as number[][]).flat(),
    exact.pVgivenH.flat(),
    1e-5,
    'p(v|h)',
  );
  rbm.dispose();
});

test('block Gibbs sampling: the empirical distribution of many chains approaches the exact p(v)', () => {
  const rbm = tinyRBM();
  const exact = enumerate(rbm);
  const chains = 4000;
  const start = tf.cast(tf.less(tf.randomUniform([chains, 4], 0, 1, 'float32', 3), 0.5), 'float32') as tf.Tensor2D; // uniform v⁽⁰⁾
  const tv = (v: tf.Tensor2D) => {
    const counts = new Array(16).fill(0);
    for (const row of v.arraySync()) counts[row.reduce((s, bit) => 2 * s + bit, 0)] += 1;
    return 0.5 * counts.reduce((s, c, i) => s + Math.abs(c / chains - exact.pv[i]), 0);
  };
  // 4000 independent chains give 4000 independent draws. For a multinomial, E|p̂_v − p_v| ≤ √(p_v/n), so
  // E[TV] ≤ ½ Σ_v √(p_v/n) ≤ ½ √(16/n) = 0.032 (Cauchy–Schwarz), with sd ≈ 0.005; 0.05 leaves room for that
  // and for the chains' remaining bias after 100 steps (the 4 × 3 chain mixes within a few steps).
  const sampled = tv(rbm.gibbs(start, { steps: 100, seed: 11 }));
  assert.ok(sampled < 0.05, `TV(Gibbs, exact) = ${sampled}`);
  // the start (uniform) is far from p(v), so the check discriminates
  assert.ok(tv(start) > 0.15, `TV(uniform, exact) = ${tv(start)}`);
  rbm.dispose();
});

test('CD-k with long chains estimates the exact log-likelihood gradient (autodiff through log Z)', () => {
  const rbm = tinyRBM();
  const data = tf.tensor2d([
    [1, 0, 1, 1],
    [0, 1, 1, 0],
    [1, 1, 0, 0],
    [0, 0, 0, 1],
  ]);
  // exact ∂ mean log p(v) / ∂θ, by autodiff through the enumerated log Z
  const grads = tf.variableGrads(() => tf.mean(rbm.logProb(data)) as tf.Scalar, [rbm.a, rbm.b, rbm.W]).grads;
  // CD-50 on 1000 copies of each example: the chain has mixed, so its end samples the model
  const cd = rbm.cdGradients(tf.tile(data, [1000, 1]) as tf.Tensor2D, { k: 50, seed: 5 });
  // each entry averages 4000 terms bounded by 1 (sd ≤ 0.5/√4000 ≈ 0.008); 0.04 is 5 sd
  close(values(cd.W), values(grads[rbm.W.name]), 0.04, '∂/∂W');
  close(values(cd.a), values(grads[rbm.a.name]), 0.04, '∂/∂a');
  close(values(cd.b), values(grads[rbm.b.name]), 0.04, '∂/∂b');
  assert.ok(
    Math.max(...values(grads[rbm.W.name]).map(Math.abs)) > 0.1,
    'the gradient is not near 0, so the check discriminates',
  );
  rbm.dispose();
});

test('CD-1 training on 2 × 2 bars and stripes raises the exact log-likelihood towards −log 6', () => {
  const rbm = new RBM({ visible: 4, hidden: 6, seed: 3 });
  const patterns = tf.tensor2d(barsAndStripes(2)); // [6, 4]
  const ll = () => tf.mean(rbm.logProb(patterns)).dataSync()[0];
  const before = ll();
  rbm.fitCD(tf.tile(patterns, [4, 1]) as tf.Tensor2D, { epochs: 500, batchSize: 6, learningRate: 0.2, seed: 1 });
  const after = ll();
  assert.ok(before < -2.5, `an untrained RBM is near uniform over 16 states (−log 16 = −2.77): ${before}`);
  assert.ok(after > -Math.log(6) - 0.6, `after CD-1: ${after}, optimum ${-Math.log(6)}`);
  rbm.dispose();
});

test('RBM methods leave no tensors behind, and construction is seeded', async () => {
  const rbm = tinyRBM();
  const v = tf.tensor2d([[1, 0, 1, 0]]);
  const h = tf.tensor2d([[1, 1, 0]]);
  await expectNoLeak(() =>
    tf.dispose([
      rbm.energy(v, h),
      rbm.freeEnergy(v),
      rbm.logPartition(),
      rbm.logProb(v),
      rbm.gibbs(v, { steps: 3, seed: 1 }),
    ]),
  );
  await expectNoLeak(() => rbm.cdStep(v, { k: 2, learningRate: 0.1, seed: 2 }));
  await expectNoLeak(() => rbm.fitCD(v, { epochs: 2, seed: 3 }));
  assert.deepEqual(
    values(new RBM({ visible: 4, hidden: 3, seed: 9 }).W),
    values(new RBM({ visible: 4, hidden: 3, seed: 9 }).W),
  );
  assert.notDeepEqual(
    values(new RBM({ visible: 4, hidden: 3, seed: 9 }).W),
    values(new RBM({ visible: 4, hidden: 3, seed: 10 }).W),
  );
  assert.throws(() => new RBM({ visible: 0, hidden: 3 }), /positive integers/);
  rbm.dispose();
});
