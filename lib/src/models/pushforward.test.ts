import { test } from '../../../test/helpers/backends';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { mmd2, Pushforward } from './pushforward';
import { expectNoLeak, values } from '../../../test/helpers/models';

const normal = (n: number, seed: number, mean = [0, 0], std = 1) =>
  tf.tidy(() => tf.add(tf.mul(tf.randomNormal([n, 2], 0, 1, 'float32', seed), std), tf.tensor1d(mean))) as tf.Tensor2D;

test('mmd2 is the plug-in estimate E k(x,x′) − 2 E k(x,y) + E k(y,y′), checked by brute force', () => {
  const x = [
    [0, 0],
    [1, 0.5],
    [-0.3, 2],
  ];
  const y = [
    [0.2, -0.1],
    [1.5, 1],
  ];
  const s = [0.5, 2];
  const k = (u: number[], v: number[]) =>
    s.reduce((acc, b) => acc + Math.exp(-((u[0] - v[0]) ** 2 + (u[1] - v[1]) ** 2) / (2 * b * b)), 0);
  const mean = (a: number[][], b: number[][]) =>
    a.reduce((acc, u) => acc + b.reduce((t, v) => t + k(u, v), 0), 0) / (a.length * b.length);
  const want = mean(x, x) - 2 * mean(x, y) + mean(y, y);
  const got = mmd2(tf.tensor2d(x), tf.tensor2d(y), s).dataSync()[0];
  assert.ok(Math.abs(got - want) < 1e-5, `${got} vs ${want}`);
  assert.ok(Math.abs(mmd2(tf.tensor2d(x), tf.tensor2d(x), s).dataSync()[0]) < 1e-6, 'MMD²(x, x) = 0');
  assert.throws(() => mmd2(tf.tensor2d(x), tf.tensor2d([[1, 2, 3]])), /same dimension/);
});

test('mmd2 tells samples of one distribution from samples of another', () => {
  const same = mmd2(normal(500, 1), normal(500, 2)).dataSync()[0];
  const shifted = mmd2(normal(500, 1), normal(500, 3, [1, 0])).dataSync()[0];
  const wider = mmd2(normal(500, 1), normal(500, 4, [0, 0], 2)).dataSync()[0];
  // two samples of one distribution still give ≈ (2/n) Σ_s (1 − E k_s) > 0 (the plug-in estimate counts
  // each point with itself), about 0.02 here; a unit shift or a doubled spread gives several times that
  assert.ok(shifted > 5 * same && wider > 5 * same, `same ${same}, shifted ${shifted}, wider ${wider}`);
});

// Training only on wasm: 40 s on cpu under load, and mmd2 itself is checked on both backends above.
test(
  'fitting g by MMD moves g(z), z ~ N(0, I), onto a shifted and scaled Gaussian target',
  { backends: ['wasm'] },
  () => {
    const target = normal(1000, 5, [2, -1], 0.3); // N((2, −1), 0.3² I)
    const g = new Pushforward({ hidden: [16], seed: 1 });
    const before = mmd2(g.sample(500, { seed: 9 }), target).dataSync()[0];
    const losses = g.fit(target, { steps: 300, batchSize: 128, learningRate: 1e-2, seed: 2, logEvery: 100 });
    assert.equal(losses.length, 4, 'steps 0, 100, 200 and the last');
    const x = g.sample(2000, { seed: 10 });
    const { mean, variance } = tf.moments(x, 0);
    const after = mmd2(g.sample(500, { seed: 9 }), target).dataSync()[0];
    assert.ok(after < before / 10, `MMD² ${before} → ${after}`);
    values(mean).forEach((m, j) => assert.ok(Math.abs(m - [2, -1][j]) < 0.1, `mean ${m}`));
    values(variance).forEach((v) => assert.ok(Math.abs(Math.sqrt(v) - 0.3) < 0.1, `std ${Math.sqrt(v)}`));
    g.dispose();
  },
);

test('Pushforward: shapes, seeded weights and samples, no leaked tensors', async () => {
  const g = new Pushforward({ seed: 3 });
  assert.deepEqual(g.sample(5, { seed: 1 }).shape, [5, 2]);
  assert.deepEqual(values(g.sample(5, { seed: 1 })), values(new Pushforward({ seed: 3 }).sample(5, { seed: 1 })));
  assert.notDeepEqual(values(g.sample(5, { seed: 1 })), values(g.sample(5, { seed: 2 })));
  assert.throws(() => g.forward(tf.zeros([4, 3])), /expected z of shape \[N, 2\]/);
  const target = normal(50, 4);
  await expectNoLeak(() => g.fit(target, { steps: 3, batchSize: 16, seed: 1 }));
  await expectNoLeak(() => mmd2(target, target).dispose());
  g.dispose();
});
