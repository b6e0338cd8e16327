/**
 * The few dense linear-algebra steps the linear-Gaussian model needs, on number[][]:
 *   cholesky   A = L Lᵀ for symmetric positive-definite A (Cholesky–Banachiewicz, row by row)
 *   solveLower L y = b by forward substitution;  solveUpperT Lᵀ x = y by back substitution
 *   logDet     log |A| = 2 Σᵢ log Lᵢᵢ
 */

export type Matrix = number[][];

export function cholesky(a: Matrix): Matrix {
  const n = a.length;
  const l: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      if (i === j) {
        if (!(s > 0)) throw new RangeError(`cholesky: the matrix is not positive definite (pivot ${i} is ${s}).`);
        l[i][i] = Math.sqrt(s);
      } else {
        l[i][j] = s / l[j][j];
      }
    }
  }
  return l;
}

export function solveLower(l: Matrix, b: number[]): number[] {
  const y = new Array<number>(b.length);
  for (let i = 0; i < b.length; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i][k] * y[k];
    y[i] = s / l[i][i];
  }
  return y;
}

export function solveUpperT(l: Matrix, y: number[]): number[] {
  const n = y.length;
  const x = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= l[k][i] * x[k];
    x[i] = s / l[i][i];
  }
  return x;
}

/** A⁻¹ b given L = cholesky(A). */
export function choleskySolve(l: Matrix, b: number[]): number[] {
  return solveUpperT(l, solveLower(l, b));
}

export function logDet(l: Matrix): number {
  return 2 * l.reduce((s, row, i) => s + Math.log(row[i]), 0);
}

export function transpose(a: Matrix): Matrix {
  return a[0].map((_, j) => a.map((row) => row[j]));
}

export function matmul(a: Matrix, b: Matrix): Matrix {
  return a.map((row) => b[0].map((_, j) => row.reduce((s, aik, k) => s + aik * b[k][j], 0)));
}

export function matvec(a: Matrix, v: number[]): number[] {
  return a.map((row) => row.reduce((s, aij, j) => s + aij * v[j], 0));
}
