import { test } from '../../../test/helpers/backends';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import {
  linearGaussianLogLikelihood,
  linearGaussianModel,
  linearGaussianPosterior,
  sampleLinearGaussian,
  type LinearGaussian,
} from '../data';
import { reparameterize, VAE, type VAEConfig } from './vae';
import { uniform, values } from '../../../test/helpers/models';

const small: Partial<VAEConfig> = { inputDim: 12, hidden: [8], latentDim: 3, seed: 1 };

for (const decoder of [
  { decoder: 'bernoulli' },
  { decoder: 'gaussian', decoderVariance: 'unit' },
  { decoder: 'gaussian', decoderVariance: 'learned' },
] as const) {
  test(`every VAE path has the documented shape (${JSON.stringify(decoder)})`, () => {
    const vae = new VAE({ ...small, ...decoder });
    const x = uniform(5, 12, 2);
    const { zMean, zLogVar } = vae.encode(x);
    assert.deepEqual(
      [zMean.shape, zLogVar.shape],
      [
        [5, 3],
        [5, 3],
      ],
    );
    const z = reparameterize(zMean, zLogVar, { seed: 3 });
    assert.deepEqual(z.shape, [5, 3]);
    assert.deepEqual(
      [vae.decodeRaw(z).shape, vae.decode(z).shape, vae.reconstruct(x).shape],
      [
        [5, 12],
        [5, 12],
        [5, 12],
      ],
    );
    assert.deepEqual(vae.logPxGivenZ(x, vae.decodeRaw(z)).shape, [5]);
    const terms = vae.loss({ x }, { seed: 4 });
    assert.deepEqual([terms.total.shape, terms.reconstruction.shape, terms.kl.shape], [[], [], []]);
    assert.deepEqual([vae.elbo(x, { seed: 5, samples: 4 }).shape, vae.iwae(x, { k: 7, seed: 5 }).shape], [[5], [5]]);
    assert.deepEqual(vae.sample(6, { seed: 6 }).shape, [6, 12]);
    vae.dispose();
  });
}

test('reparameterize is z = μ + σ ⊙ ε with given noise, and seeded noise is reproducible', () => {
  const zMean = tf.tensor2d([[1, -2]]);
  const zLogVar = tf.tensor2d([[Math.log(4), 0]]);
  assert.deepEqual(
    values(reparameterize(zMean, zLogVar, { noise: tf.tensor2d([[0.5, -1]]) })).map((v) => +v.toFixed(5)),
    [2, -3],
  );
  const a = reparameterize(zMean, zLogVar, { seed: 9 });
  assert.deepEqual(values(a), values(reparameterize(zMean, zLogVar, { seed: 9 })));
  assert.notDeepEqual(values(a), values(reparameterize(zMean, zLogVar, { seed: 10 })));
  // over many draws the sample mean and std approach μ and σ
  const many = reparameterize(tf.tile(zMean, [20000, 1]) as tf.Tensor2D, tf.tile(zLogVar, [20000, 1]) as tf.Tensor2D, {
    seed: 11,
  });
  const { mean, variance } = tf.moments(many, 0);
  values(mean).forEach((m, j) => assert.ok(Math.abs(m - [1, -2][j]) < 0.05));
  values(variance).forEach((v, j) => assert.ok(Math.abs(Math.sqrt(v) - [2, 1][j]) < 0.05));
});

test('zLogVar is clamped to [logVarMin, logVarMax]', () => {
  const vae = new VAE({ ...small, hidden: [], logVarMin: -4, logVarMax: 3 });
  vae.params.variables.get('encoder/0/W')!.assign(tf.fill([12, 6], 1000)); // drives log σ² to +∞…
  const big = vae.encode(uniform(2, 12, 1, 0.5, 1)).zLogVar;
  assert.ok(values(big).every((v) => v === 3));
  vae.params.variables.get('encoder/0/W')!.assign(tf.fill([12, 6], -1000)); // … and to −∞
  assert.ok(values(vae.encode(uniform(2, 12, 1, 0.5, 1)).zLogVar).every((v) => v === -4));
  vae.dispose();
});

/**
 * A VAE whose decoder IS the linear-Gaussian model (W, b, σ²), so log p(x) is exact, with a
 * deliberately imperfect diagonal encoder: the exact posterior mean, shifted, and variances twice
 * the posterior's marginals.
 */
function linearGaussianVAE(model: LinearGaussian): VAE {
  const d = model.b.length;
  const k = model.W[0].length;
  const vae = new VAE({
    inputDim: d,
    hidden: [],
    latentDim: k,
    activation: 'linear',
    decoder: 'gaussian',
    decoderVariance: 'learned',
    seed: 2,
  });
  const p = vae.params.variables;
  p.get('decoder/0/W')!.assign(tf.transpose(tf.tensor2d(model.W))); // [k, d]
  p.get('decoder/0/b')!.assign(tf.tensor1d(model.b));
  p.get('decoder/logVar')!.assign(tf.fill([d], Math.log(model.sigma ** 2)));
  // posterior mean is affine in x: read A, c off the exact posterior at x = 0 and x = e_j
  const origin = linearGaussianPosterior(model, new Array(d).fill(0));
  const A = Array.from({ length: d }, (_, j) =>
    linearGaussianPosterior(
      model,
      model.b.map((_, i) => (i === j ? 1 : 0)),
    ).mean.map((m, t) => m - origin.mean[t]),
  );
  const logVar = origin.cov.map((row, t) => Math.log(2 * row[t]));
  p.get('encoder/0/W')!.assign(tf.concat([tf.tensor2d(A), tf.zeros([d, k])], 1)); // [d, 2k]
  p.get('encoder/0/b')!.assign(tf.tensor1d([...origin.mean.map((m) => m + 0.3), ...logVar]));
  return vae;
}

test('ELBO ≤ IWAE_k ≤ log p(x), IWAE grows with k and approaches the exact log p(x) (linear-Gaussian)', () => {
  const model = linearGaussianModel({ d: 6, k: 2, sigma: 0.5, seed: 3 });
  const { x } = sampleLinearGaussian(model, 200, 4);
  const logPx = x.reduce((s, xi) => s + linearGaussianLogLikelihood(model, xi), 0) / x.length;
  const vae = linearGaussianVAE(model);
  const xt = tf.tensor2d(x);
  const mean = (t: tf.Tensor) => tf.mean(t).dataSync()[0];
  const elbo = mean(vae.elbo(xt, { samples: 200, seed: 5 }));
  const iwae = [1, 10, 100, 1000].map((k) => mean(vae.iwae(xt, { k, seed: 6 })));
  const report = `ELBO ${elbo.toFixed(4)}, IWAE ${iwae.map((v) => v.toFixed(4))}, log p(x) ${logPx.toFixed(4)}`;
  for (let i = 1; i < iwae.length; i++) assert.ok(iwae[i] > iwae[i - 1], `IWAE increases with k: ${report}`);
  assert.ok(elbo < iwae[1], report);
  assert.ok(iwae[3] <= logPx, `IWAE ≤ log p(x): ${report}`);
  assert.ok(logPx - elbo > 0.2, `this encoder leaves a clear gap: ${report}`);
  assert.ok(logPx - iwae[3] < 0.02, `IWAE_1000 is within 0.02 nats of log p(x): ${report}`);
  vae.dispose();
});
