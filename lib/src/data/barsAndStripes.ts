/**
 * Bars and stripes (MacKay 2003, "Information Theory, Inference, and Learning Algorithms", ch. 43):
 * binary n × n images in which either every row is constant (horizontal stripes) or every column
 * is constant (vertical bars). There are 2ⁿ of each kind; the all-off and all-on images are both,
 * so the set holds
 *
 *   |BAS_n| = 2 · 2ⁿ − 2   distinct images   (14 for n = 3, 30 for n = 4).
 *
 * The data distribution is uniform on that set, so the best any model can do is
 * log p(v) = −log |BAS_n| for every pattern, and with n² ≤ 16 pixels every model probability can
 * be computed exactly: the toy problem of the RBM demo in lecture 03.
 *
 *   barsAndStripes(n)            every pattern once, row-major pixels in {0, 1}
 *   isBarsAndStripes(v, n)       is the flat image v one of them
 *
 * @example
 *   barsAndStripes(2); // [[0,0,0,0], [0,0,1,1], [1,1,0,0], [1,1,1,1], [0,1,0,1], [1,0,1,0]]
 */

/** All 2·2ⁿ − 2 distinct n × n bars-and-stripes images, each a flat row-major array of 0/1: stripes first. */
export function barsAndStripes(n: number): number[][] {
  if (!Number.isInteger(n) || n < 1 || n > 5) {
    throw new RangeError(`barsAndStripes: the side n must be an integer from 1 to 5, got ${n}. Lecture 03 uses n = 3.`);
  }
  const seen = new Set<string>();
  const out: number[][] = [];
  for (const orientation of ['stripes', 'bars'] as const) {
    for (let code = 0; code < 2 ** n; code++) {
      const line = (k: number) => (code >> (n - 1 - k)) & 1; // bit k of code: is row (or column) k on
      const v = Array.from({ length: n * n }, (_, p) => line(orientation === 'stripes' ? Math.floor(p / n) : p % n));
      const key = v.join('');
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(v);
    }
  }
  return out;
}

/** Is the flat n·n image v (entries 0/1) a bars-and-stripes pattern: all rows constant or all columns constant? */
export function isBarsAndStripes(v: ArrayLike<number>, n: number): boolean {
  if (v.length !== n * n)
    throw new RangeError(`isBarsAndStripes: expected ${n * n} pixels for n = ${n}, got ${v.length}.`);
  const at = (r: number, c: number) => v[r * n + c];
  let rowsConstant = true;
  let colsConstant = true;
  for (let r = 0; r < n; r++) {
    for (let c = 1; c < n; c++) {
      if (at(r, c) !== at(r, 0)) rowsConstant = false;
      if (at(c, r) !== at(0, r)) colsConstant = false;
    }
  }
  return rowsConstant || colsConstant;
}
