/**
 * Principal component analysis, for drawing latents with more than 2 dimensions in 2-D.
 *
 * With centred data X_c = X − 1μᵀ (n points × d dims), the sample covariance is
 *   C = X_cᵀ X_c / (n − 1),
 * and its eigenvectors v_1, v_2, … (eigenvalues λ_1 ≥ λ_2 ≥ …) are the principal axes. A point x
 * projects to scores s_j = v_jᵀ (x − μ), whose sample variance is λ_j; the share of variance
 * kept by axis j is λ_j / Σ λ. Eigenvectors are defined up to sign; we make each one's largest
 * entry positive so the same data always gives the same picture.
 *
 * @example
 *   const p = pca(z);                      // z: number[][] of shape [n, d], d ≥ 2
 *   latentScatter({ z, labels, projection: p });
 */
import { checkPoints, PlotInputError } from './check';

/** A linear map from d-dim points to 2-D, with names for the new axes. Passed to `latentScatter`. */
export interface Projection {
  /** Axis titles of the projected coordinates, e.g. ['PC1 (41% of variance)', 'PC2 (23% of variance)']. */
  axisTitles: [string, string];
  /** Project points [n, d] → [n, 2]. */
  project(points: ArrayLike<number>[]): number[][];
}

export interface Pca extends Projection {
  /** μ, the mean point. [d] */
  mean: number[];
  /** The top-k principal axes v_j as rows, unit length. [k, d] */
  components: number[][];
  /** λ_j, the variance along each axis. [k] */
  variances: number[];
  /** λ_j / Σλ, the share of total variance along each axis. [k] */
  explainedRatio: number[];
}

/** Fit PCA to points [n, d] (n ≥ 2) and keep the top `k` (default 2, at most d) axes. */
export function pca(points: ArrayLike<number>[], k = 2): Pca {
  const d = checkPoints('pca', 'points', points);
  const n = points.length;
  if (n < 2 || k < 1 || k > d) {
    throw new PlotInputError(`pca: needs n ≥ 2 points and 1 ≤ k ≤ d; found n = ${n}, d = ${d}, k = ${k}.`);
  }
  const mean = Array.from({ length: d }, (_, j) => points.reduce((s, p) => s + p[j], 0) / n);
  const cov = Array.from({ length: d }, () => new Array<number>(d).fill(0)); // [d, d]
  for (const p of points) {
    for (let a = 0; a < d; a++)
      for (let b = 0; b < d; b++) cov[a][b] += ((p[a] - mean[a]) * (p[b] - mean[b])) / (n - 1);
  }
  // mathjs takes ~1 s to load, so it is loaded on first use rather than with genmodels
  const { eigs } = require('mathjs') as typeof import('mathjs', { with: { 'resolution-mode': 'require' } });
  const pairs = eigs(cov)
    .eigenvectors.map(({ value, vector }) => ({ value: Number(value), vector: (vector as number[]).map(Number) }))
    .sort((x, y) => y.value - x.value);
  const total = pairs.reduce((s, e) => s + Math.max(0, e.value), 0);
  const top = pairs.slice(0, k);
  const components = top.map(({ vector }) => {
    const big = vector.reduce((m, v) => (Math.abs(v) > Math.abs(m) ? v : m), 0);
    return vector.map((v) => (big < 0 ? -v : v));
  });
  const variances = top.map((e) => Math.max(0, e.value));
  const explainedRatio = variances.map((v) => (total > 0 ? v / total : 0));
  const pct = (j: number) => `PC${j + 1} (${Math.round(100 * (explainedRatio[j] ?? 0))}% of variance)`;
  return {
    mean,
    components,
    variances,
    explainedRatio,
    axisTitles: [pct(0), pct(1)],
    project: (xs) => {
      checkPoints('pca.project', 'points', xs, d);
      return xs.map((x) => components.map((v) => v.reduce((s, vj, j) => s + vj * (x[j] - mean[j]), 0)));
    },
  };
}
