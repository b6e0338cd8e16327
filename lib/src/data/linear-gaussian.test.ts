import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalMatrix } from './gaussian';
import {
  gaussianLogDensity,
  linearGaussianLogJoint,
  linearGaussianLogLikelihood,
  linearGaussianModel,
  linearGaussianPosterior,
  sampleLinearGaussian,
} from './linear-gaussian';

const model = linearGaussianModel({ d: 4, k: 2, sigma: 0.8, seed: 42 });
const { x } = sampleLinearGaussian(model, 3, 7);

test('exact log p(x) matches a Monte-Carlo estimate log (1/S) Σ p(x | z_s), z_s ~ N(0, I), within 4 standard errors', () => {
  const S = 100_000;
  const zs = normalMatrix(S, 2, 99);
  for (const xi of x) {
    // log p(x | z) = log p(x, z) − log N(z; 0, I)
    const logW = zs.map(
      (z) => linearGaussianLogJoint(model, xi, z) + 0.5 * (2 * Math.log(2 * Math.PI) + z[0] ** 2 + z[1] ** 2),
    );
    const m = Math.max(...logW);
    const w = logW.map((l) => Math.exp(l - m));
    const mean = w.reduce((a, b) => a + b, 0) / S;
    const sd = Math.sqrt(w.reduce((a, b) => a + (b - mean) ** 2, 0) / (S - 1));
    const estimate = m + Math.log(mean);
    const stdError = sd / (mean * Math.sqrt(S)); // delta method: se(log p̂) ≈ se(p̂) / p̂
    const exact = linearGaussianLogLikelihood(model, xi);
    assert.ok(stdError < 0.02, `the estimate is precise enough to test (se ${stdError})`);
    assert.ok(Math.abs(estimate - exact) < 4 * stdError, `exact ${exact}, MC ${estimate} ± ${stdError}`);
  }
});

test('Bayes: log p(x) = log p(x, z) − log p(z | x) at every z, so the posterior is exact', () => {
  for (const xi of x) {
    const { mean, cov } = linearGaussianPosterior(model, xi);
    const logPx = linearGaussianLogLikelihood(model, xi);
    for (const z of [mean, [0, 0], [3, -2], [-1.5, 0.7]]) {
      const viaBayes = linearGaussianLogJoint(model, xi, z) - gaussianLogDensity(z, mean, cov);
      assert.ok(Math.abs(viaBayes - logPx) < 1e-9, `z=${z}: ${viaBayes} vs ${logPx}`);
    }
  }
});

test('samples have mean b and covariance W Wᵀ + σ² I', () => {
  const n = 20000;
  const s = sampleLinearGaussian(model, n, 3).x;
  const d = 4;
  const mu = Array.from({ length: d }, (_, j) => s.reduce((a, r) => a + r[j], 0) / n);
  for (let i = 0; i < d; i++) {
    const cii = model.W[i].reduce((a, w) => a + w * w, 0) + model.sigma ** 2;
    assert.ok(Math.abs(mu[i] - model.b[i]) < 4 * Math.sqrt(cii / n), `mean ${i}`);
    for (let j = 0; j < d; j++) {
      const cij = model.W[i].reduce((a, w, k) => a + w * model.W[j][k], 0) + (i === j ? model.sigma ** 2 : 0);
      const emp = s.reduce((a, r) => a + (r[i] - mu[i]) * (r[j] - mu[j]), 0) / (n - 1);
      assert.ok(Math.abs(emp - cij) < 0.05 * (1 + Math.abs(cij)), `cov ${i},${j}: ${emp} vs ${cij}`);
    }
  }
});

test('models and samples are seeded', () => {
  assert.deepEqual(linearGaussianModel({ d: 4, k: 2, sigma: 0.8, seed: 42 }), model);
  assert.notDeepEqual(linearGaussianModel({ d: 4, k: 2, sigma: 0.8, seed: 43 }).W, model.W);
  assert.deepEqual(sampleLinearGaussian(model, 3, 7).x, x);
  assert.throws(() => linearGaussianModel({ d: 2, k: 1, sigma: 0, seed: 1 }), /sigma must be > 0/);
});
