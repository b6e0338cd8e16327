/**
 * A linear-Gaussian latent-variable model (probabilistic PCA, Tipping & Bishop 1999), where
 * everything the ELBO lecture needs is exact:
 *
 *   z ~ N(0, I_k),   x | z ~ N(W z + b, σ² I_d)
 *   p(x)     = N(x; b, C),             C = W Wᵀ + σ² I_d
 *   log p(x) = −½ [d log 2π + log |C| + (x − b)ᵀ C⁻¹ (x − b)]
 *   p(z | x) = N(z; M⁻¹ Wᵀ (x − b) / σ², M⁻¹),   M = I_k + Wᵀ W / σ²
 *
 * @example
 *   const model = linearGaussianModel({ d: 5, k: 2, sigma: 0.5, seed: SEED });
 *   const { x } = sampleLinearGaussian(model, 100, SEED);
 *   linearGaussianLogLikelihood(model, x[0]); // exact log p(x)
 */
import { deriveSeed } from '../seed';
import { normalMatrix } from './gaussian';
import { cholesky, choleskySolve, logDet, matmul, matvec, solveLower, transpose, type Matrix } from './linalg';

export interface LinearGaussian {
  W: number[][]; // [d][k]
  b: number[]; // [d]
  sigma: number;
}

const LOG_2PI = Math.log(2 * Math.PI);

/** A random model: W and b with N(0, 1) entries, seeded. */
export function linearGaussianModel(options: { d: number; k: number; sigma: number; seed: number }): LinearGaussian {
  const { d, k, sigma, seed } = options;
  if (!(sigma > 0)) throw new RangeError(`linearGaussianModel: sigma must be > 0, got ${sigma}.`);
  const W = normalMatrix(d, k, deriveSeed(seed, 'W'));
  const b = normalMatrix(1, d, deriveSeed(seed, 'b'))[0];
  return { W, b, sigma };
}

/** n draws of (z, x) from the model: z ~ N(0, I), x = W z + b + σ ε. */
export function sampleLinearGaussian(model: LinearGaussian, n: number, seed: number): { x: number[][]; z: number[][] } {
  const { W, b, sigma } = model;
  const z = normalMatrix(n, W[0].length, deriveSeed(seed, 'z'));
  const eps = normalMatrix(n, W.length, deriveSeed(seed, 'eps'));
  const x = z.map((zi, i) => matvec(W, zi).map((m, j) => m + b[j] + sigma * eps[i][j]));
  return { x, z };
}

/** log N(x; mean, cov) for a full covariance. */
export function gaussianLogDensity(x: number[], mean: number[], cov: Matrix): number {
  const l = cholesky(cov);
  const alpha = solveLower(
    l,
    x.map((xi, i) => xi - mean[i]),
  ); // L⁻¹ (x − μ)
  const maha = alpha.reduce((s, a) => s + a * a, 0);
  return -0.5 * (x.length * LOG_2PI + logDet(l) + maha);
}

/** Exact log p(x) = log N(x; b, W Wᵀ + σ² I). */
export function linearGaussianLogLikelihood(model: LinearGaussian, x: number[]): number {
  const { W, b, sigma } = model;
  const C = matmul(W, transpose(W)).map((row, i) => row.map((c, j) => c + (i === j ? sigma * sigma : 0))); // [d, d]
  return gaussianLogDensity(x, b, C);
}

/** log p(x, z) = log N(x; W z + b, σ² I) + log N(z; 0, I), the integrand of the ELBO. */
export function linearGaussianLogJoint(model: LinearGaussian, x: number[], z: number[]): number {
  const { W, b, sigma } = model;
  const mean = matvec(W, z);
  const sq = x.reduce((s, xi, j) => s + (xi - mean[j] - b[j]) ** 2, 0);
  const logLik = -0.5 * (x.length * (LOG_2PI + 2 * Math.log(sigma)) + sq / (sigma * sigma));
  const logPrior = -0.5 * (z.length * LOG_2PI + z.reduce((s, zi) => s + zi * zi, 0));
  return logLik + logPrior;
}

/** Exact posterior p(z | x) = N(M⁻¹ Wᵀ (x − b) / σ², M⁻¹), M = I + Wᵀ W / σ². */
export function linearGaussianPosterior(model: LinearGaussian, x: number[]): { mean: number[]; cov: number[][] } {
  const { W, b, sigma } = model;
  const s2 = sigma * sigma;
  const Wt = transpose(W); // [k, d]
  const M = matmul(Wt, W).map((row, i) => row.map((m, j) => m / s2 + (i === j ? 1 : 0))); // [k, k]
  const l = cholesky(M);
  const mean = choleskySolve(
    l,
    matvec(
      Wt,
      x.map((xi, j) => xi - b[j]),
    ).map((v) => v / s2),
  );
  const cov = M.map((_, j) =>
    choleskySolve(
      l,
      M.map((_, i) => (i === j ? 1 : 0)),
    ),
  ); // columns of M⁻¹ (symmetric)
  return { mean, cov };
}
