import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { Autoencoder } from '../models/autoencoder';
import { VAE } from '../models/vae';
import { evaluate, evaluateLoss } from './evaluate';
import { expectNoLeak, uniform, useCpu } from '../../../test/helpers/models';

before(useCpu);

test('metrics are means over examples, whatever the batch size', async () => {
  const ae = new Autoencoder({ inputDim: 8, hidden: [4], latentDim: 2, reconstruction: 'mse', seed: 1 });
  const x = uniform(10, 8, 2);
  const whole = tf.tidy(() => tf.mean(tf.sum(tf.squaredDifference(x, ae.reconstruct(x)), 1)).dataSync()[0]);
  for (const batchSize of [3, 10]) {
    const r = await evaluate(ae, { x }, { batchSize });
    assert.ok(
      Math.abs(r.squaredError - whole) < 1e-4 && Math.abs(r.loss.total - whole) < 1e-4,
      `batch ${batchSize}: ${r.squaredError} vs ${whole}`,
    );
    assert.equal(r.logPx, undefined);
  }
  ae.dispose();
});

test('for a VAE: −loss = ELBO in expectation, IWAE ≥ ELBO, and nothing leaks', async () => {
  const vae = new VAE({ inputDim: 8, hidden: [4], latentDim: 2, seed: 3 });
  const x = uniform(50, 8, 4);
  const r = await expectNoLeak(() => evaluate(vae, { x }, { k: 20, batchSize: 16 }));
  assert.equal(r.examples, 50);
  assert.ok(Math.abs(-r.loss.total - r.elbo!) < 0.05 * Math.abs(r.elbo!), `loss ${r.loss.total} vs ELBO ${r.elbo}`);
  assert.ok(r.logPx! > r.elbo!, `IWAE ${r.logPx} > ELBO ${r.elbo}`);
  const loss = await evaluateLoss(vae, { x }, { batchSize: 7 });
  assert.ok(Math.abs(loss.total - loss.reconstruction - loss.kl) < 1e-3);
  vae.dispose();
});

test('bce is the Bernoulli cross-entropy: equal to the loss of a BCE autoencoder; mse is per pixel', async () => {
  const ae = new Autoencoder({ inputDim: 8, hidden: [4], latentDim: 2, reconstruction: 'bce', seed: 5 });
  const x = uniform(30, 8, 6);
  const r = await evaluate(ae, { x }, { batchSize: 7 });
  assert.ok(Math.abs(r.bce - r.loss.total) < 1e-4 * r.loss.total, `bce ${r.bce} vs loss ${r.loss.total}`);
  assert.ok(Math.abs(r.meanSquaredError * 8 - r.squaredError) < 1e-9);
  // x̂ = x would give the entropy of x, the minimum: a smaller value would be a bug
  const entropy = tf.tidy(
    () =>
      tf
        .neg(tf.add(tf.mul(x, tf.log(x)), tf.mul(tf.sub(1, x), tf.log(tf.sub(1, x)))))
        .sum(1)
        .mean()
        .dataSync()[0],
  );
  assert.ok(r.bce > entropy, `${r.bce} > H(x) = ${entropy}`);
  ae.dispose();
  x.dispose();
});
