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
    assert.ok(Math.abs(r.squaredError - whole) < 1e-4 && Math.abs(r.loss.total - whole) < 1e-4, `batch ${batchSize}: ${r.squaredError} vs ${whole}`);
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
