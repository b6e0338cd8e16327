/**
 * Comparing linear subspaces of R^d: the principal subspace of data (PCA's top-k axes) and the
 * principal angles between two subspaces (Björck & Golub 1973).
 *
 * Principal angles. Let Q_A [d, k] and Q_B [d, l] have orthonormal columns spanning subspaces A
 * and B (k ≤ l). The singular values σ_1 ≥ … ≥ σ_k of M = Q_Aᵀ Q_B [k, l] are the cosines of the
 * principal angles: θ_i = arccos σ_i, 0 ≤ θ_1 ≤ … ≤ θ_k ≤ π/2. All zero ⇔ A ⊆ B; θ_k = π/2 means
 * some direction of A is orthogonal to all of B. The σ_i² are the eigenvalues of M Mᵀ [k, k].
 *
 * Principal subspace, by orthogonal (subspace) iteration. With centred data X_c [n, d] and
 * C = X_cᵀ X_c / (n − 1), repeat Q ← orth(C Q) from a seeded random Q [d, k]: span(Q) converges to
 * the span of the top-k eigenvectors of C at rate λ_{k+1} / λ_k. This works for d = 784, where a
 * full eigendecomposition (plots/pca.ts) is too slow.
 *
 * Bases are passed as ROWS (number[][] of shape [k, d]), like `Pca.components` and like a linear
 * decoder's weight matrix W [k, d] whose rows span the reconstructions x̂ = z W + b.
 *
 * @example
 *   const Q = principalSubspace(x, 8, { seed: 42 });            // x: tf.Tensor2D [n, 784]
 *   principalAngles(Q, decoderW.arraySync() as number[][]);     // radians, ascending
 */
import * as tf from '@tensorflow/tfjs';
import { tfSeed } from '../seed';

/** Input the subspace functions cannot work with: no rows, rows of different lengths, a rank-deficient basis. */
export class SubspaceInputError extends Error {
  override name = 'SubspaceInputError';
}

/** Orthonormal rows spanning the same space as `rows` [k, d] (modified Gram–Schmidt). */
export function orthonormalRows(rows: ArrayLike<number>[]): number[][] {
  const out: number[][] = [];
  for (const row of rows) {
    const v = Array.from(row);
    for (let pass = 0; pass < 2; pass++) {
      // two passes keep the result orthogonal to rounding error ("twice is enough")
      for (const q of out) {
        const dot = q.reduce((s, qj, j) => s + qj * v[j], 0);
        for (let j = 0; j < v.length; j++) v[j] -= dot * q[j];
      }
    }
    const norm = Math.sqrt(v.reduce((s, vj) => s + vj * vj, 0));
    if (norm < 1e-10)
      throw new SubspaceInputError(
        'orthonormalRows: the rows are linearly dependent; pass a basis (rows of full rank).',
      );
    out.push(v.map((vj) => vj / norm));
  }
  return out;
}

/** Principal angles θ_1 ≤ … ≤ θ_min(k,l) (radians) between span(a) [k, d] and span(b) [l, d]. */
export function principalAngles(a: ArrayLike<number>[], b: ArrayLike<number>[]): number[] {
  const d = a[0]?.length ?? 0;
  if (a.length === 0 || b.length === 0 || [...a, ...b].some((r) => r.length !== d)) {
    throw new SubspaceInputError(
      `principalAngles: expected two non-empty sets of row vectors of one length; found ${a.length} and ${b.length} rows.`,
    );
  }
  const [qa, qb] =
    a.length <= b.length ? [orthonormalRows(a), orthonormalRows(b)] : [orthonormalRows(b), orthonormalRows(a)];
  const m = qa.map((u) => qb.map((v) => u.reduce((s, uj, j) => s + uj * v[j], 0))); // M [k, l]
  const mmt = m.map((r) => m.map((s) => r.reduce((t, rj, j) => t + rj * s[j], 0))); // M Mᵀ [k, k]
  const { eigs } = require('mathjs') as typeof import('mathjs', { with: { 'resolution-mode': 'require' } });
  const sigma2 = eigs(mmt).values as unknown as number[];
  return Array.from(sigma2, Number)
    .map((s2) => Math.acos(Math.min(1, Math.sqrt(Math.max(0, s2)))))
    .sort((x, y) => x - y);
}

export interface PrincipalSubspaceOptions {
  /** Seed of the random starting basis. Default 0. */
  seed?: number;
  /** Orthogonal-iteration steps. Default 300. */
  iterations?: number;
}

/** Orthonormal rows [k, d] spanning the top-k principal subspace of the rows of x [n, d]. */
export function principalSubspace(
  x: tf.Tensor2D,
  k: number,
  { seed = 0, iterations = 300 }: PrincipalSubspaceOptions = {},
): number[][] {
  const [n, d] = x.shape;
  if (n < 2 || k < 1 || k > d)
    throw new SubspaceInputError(
      `principalSubspace: needs n ≥ 2 rows and 1 ≤ k ≤ d; found n = ${n}, d = ${d}, k = ${k}.`,
    );
  const cov = tf.tidy(() => {
    const xc = tf.sub(x, tf.mean(x, 0)); // [n, d]
    // an explicit transpose: stock wasm's matMul with transposeA is ~20× slower
    return tf.div(tf.matMul(tf.transpose(xc), xc), n - 1); // C [d, d]
  });
  let q = orthonormalRows(readRows(() => tf.randomNormal([k, d], 0, 1, 'float32', tfSeed(seed))));
  try {
    for (let t = 0; t < iterations; t++) {
      // rows of Q C = (C Q)ᵀ, as C is symmetric
      q = orthonormalRows(readRows(() => tf.matMul(tf.tensor2d(q), cov))); // [k, d]
    }
  } finally {
    cov.dispose();
  }
  return q;
}

/** Evaluate a matrix-valued tensor function, read it back as rows and free it. */
function readRows(f: () => tf.Tensor2D): number[][] {
  const t = tf.tidy(f);
  const rows = t.arraySync();
  t.dispose();
  return rows;
}
