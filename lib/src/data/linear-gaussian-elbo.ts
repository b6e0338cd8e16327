/**
 * The two ELBO terms that have closed forms for Gaussian q, used to check the ELBO identity
 * exactly on the linear-Gaussian model (linear-gaussian.ts, lecture 05).
 *
 * KL between two k-dimensional Gaussians q = N(m₀, S₀), p = N(m₁, S₁):
 *   KL(q ‖ p) = ½ [ tr(S₁⁻¹ S₀) + (m₁ − m₀)ᵀ S₁⁻¹ (m₁ − m₀) − k + log |S₁| − log |S₀| ]
 * computed with the Cholesky factor S₁ = L Lᵀ: tr(S₁⁻¹ S₀) = Σ_j (S₁⁻¹ S₀)_jj, and the quadratic
 * form is ‖L⁻¹ (m₁ − m₀)‖².
 *
 * Expected log-likelihood of x | z ~ N(W z + b, σ² I_d) under z ~ q = N(m, S):
 *   E_q[log p(x|z)] = −d/2 log 2πσ² − (‖x − W m − b‖² + tr(W S Wᵀ)) / (2σ²)
 * since E_q‖x − W z − b‖² = ‖x − W m − b‖² + E_q‖W (z − m)‖² and E‖W u‖² = tr(W S Wᵀ) for Cov u = S.
 *
 * @example
 *   const post = linearGaussianPosterior(model, x);
 *   gaussianKL({ mean: m, cov: S }, post); // KL(q ‖ p(z|x)), the gap log p(x) − ELBO
 */
import type { LinearGaussian } from './linear-gaussian';
import { cholesky, choleskySolve, logDet, matmul, matvec, solveLower, transpose, type Matrix } from './linalg';

export interface Gaussian {
  mean: number[]; // [k]
  cov: Matrix; // [k][k], symmetric positive definite
}

/** KL(q ‖ p) between two Gaussians with full covariances, in nats. */
export function gaussianKL(q: Gaussian, p: Gaussian): number {
  const k = q.mean.length;
  if (p.mean.length !== k || q.cov.length !== k || p.cov.length !== k) {
    throw new RangeError(
      `gaussianKL: q and p must have the same dimension; got means of length ${k} and ${p.mean.length}, covariances ${q.cov.length}×· and ${p.cov.length}×·.`,
    );
  }
  const lp = cholesky(p.cov);
  const trace = q.cov.reduce(
    (s, _, j) =>
      s +
      choleskySolve(
        lp,
        q.cov.map((row) => row[j]),
      )[j],
    0,
  ); // tr(S₁⁻¹ S₀)
  const alpha = solveLower(
    lp,
    p.mean.map((m, i) => m - q.mean[i]),
  ); // L⁻¹ (m₁ − m₀)
  const maha = alpha.reduce((s, a) => s + a * a, 0);
  return 0.5 * (trace + maha - k + logDet(lp) - logDet(cholesky(q.cov)));
}

/** Exact E_{z ~ N(m, S)}[log p(x | z)] for the linear-Gaussian model, in nats. */
export function linearGaussianExpectedLogLikelihood(model: LinearGaussian, x: number[], q: Gaussian): number {
  const { W, b, sigma } = model;
  const s2 = sigma * sigma;
  const mean = matvec(W, q.mean);
  const sq = x.reduce((s, xi, j) => s + (xi - mean[j] - b[j]) ** 2, 0); // ‖x − W m − b‖²
  const traceWSWt = matmul(matmul(W, q.cov), transpose(W)).reduce((s, row, i) => s + row[i], 0); // tr(W S Wᵀ)
  return -0.5 * x.length * Math.log(2 * Math.PI * s2) - (sq + traceWSWt) / (2 * s2);
}
