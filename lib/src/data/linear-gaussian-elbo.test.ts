import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalMatrix } from './gaussian';
import { gaussianKL, linearGaussianExpectedLogLikelihood } from './linear-gaussian-elbo';
import {
  linearGaussianLogLikelihood,
  linearGaussianModel,
  linearGaussianPosterior,
  sampleLinearGaussian,
} from './linear-gaussian';

const model = linearGaussianModel({ d: 5, k: 2, sigma: 0.5, seed: 3 });
const x = sampleLinearGaussian(model, 1, 11).x[0];
const q = {
  mean: [0.3, -0.2],
  cov: [
    [0.4, 0],
    [0, 0.09],
  ],
};
const prior = {
  mean: [0, 0],
  cov: [
    [1, 0],
    [0, 1],
  ],
};

test('KL of a Gaussian to itself is 0, and KL to anything else is positive', () => {
  const p = {
    mean: [0.1, 0.5],
    cov: [
      [0.5, 0.2],
      [0.2, 0.3],
    ],
  };
  assert.ok(Math.abs(gaussianKL(p, p)) < 1e-12);
  assert.ok(gaussianKL(q, p) > 0);
});

test('KL of a diagonal Gaussian to N(0, I) is ½ Σ (μ² + σ² − 1 − log σ²)', () => {
  const closed = 0.5 * q.mean.reduce((s, m, j) => s + m * m + q.cov[j][j] - 1 - Math.log(q.cov[j][j]), 0);
  assert.ok(Math.abs(gaussianKL(q, prior) - closed) < 1e-12);
});

test('KL with full covariances matches a Monte-Carlo estimate of E_q[log q − log p]', () => {
  // q diagonal, p = N(1, [[1, 0.6], [0.6, 1]]): log p(z) by the explicit 2×2 inverse and determinant
  const det = 1 - 0.36;
  const logP = (z: number[]) => {
    const [u, v] = [z[0] - 1, z[1] - 1];
    return -Math.log(2 * Math.PI) - 0.5 * Math.log(det) - (u * u - 1.2 * u * v + v * v) / (2 * det);
  };
  const logQ = (z: number[]) =>
    -Math.log(2 * Math.PI) - 0.5 * Math.log(0.4 * 0.09) - ((z[0] - 0.3) ** 2 / 0.4 + (z[1] + 0.2) ** 2 / 0.09) / 2;
  const eps = normalMatrix(100_000, 2, 5);
  const mc =
    eps.reduce((s, e) => {
      const z = [0.3 + Math.sqrt(0.4) * e[0], -0.2 + 0.3 * e[1]];
      return s + logQ(z) - logP(z);
    }, 0) / eps.length;
  const exact = gaussianKL(q, {
    mean: [1, 1],
    cov: [
      [1, 0.6],
      [0.6, 1],
    ],
  });
  assert.ok(Math.abs(mc - exact) < 0.02, `exact ${exact}, MC ${mc}`);
});

test('log p(x) = E_q[log p(x|z)] − KL(q ‖ p(z)) + KL(q ‖ p(z|x)) for any Gaussian q (the ELBO identity)', () => {
  const posterior = linearGaussianPosterior(model, x);
  for (const qi of [
    q,
    posterior,
    {
      mean: [2, -1],
      cov: [
        [0.2, 0.05],
        [0.05, 1.5],
      ],
    },
  ]) {
    const rhs = linearGaussianExpectedLogLikelihood(model, x, qi) - gaussianKL(qi, prior) + gaussianKL(qi, posterior);
    assert.ok(Math.abs(rhs - linearGaussianLogLikelihood(model, x)) < 1e-9);
  }
});

test('gaussianKL rejects mismatched dimensions', () => {
  assert.throws(() => gaussianKL(q, { mean: [0], cov: [[1]] }), /same dimension/);
});
