/**
 * Does a fresh evaluation reproduce recorded figures? Two JSON values agree when they have the same
 * shape and every number agrees within the tolerance:
 *
 *   |actual − expected| ≤ absolute + relative · |expected|
 *
 * while strings, booleans and nulls must be equal. Keys listed in `ignore` (at any depth) are
 * skipped: run-specific fields such as the wall-clock seconds or the directory evaluated.
 *
 * @example
 *   compareFigures({ elbo: -98.1 }, { elbo: -98.1004 }, { relative: 1e-4, absolute: 1e-6 }); // []
 */

export interface Tolerance {
  /** Allowed difference as a fraction of |expected|. */
  relative: number;
  /** Allowed difference near zero. */
  absolute: number;
}

export interface CompareOptions extends Tolerance {
  /** Keys not compared, at any depth. Default none. */
  ignore?: readonly string[];
}

/** Every disagreement as "path: expected E, got A"; empty when the figures are reproduced. */
export function compareFigures(expected: unknown, actual: unknown, options: CompareOptions, path = '$'): string[] {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const allowed = options.absolute + options.relative * Math.abs(expected);
    return Math.abs(actual - expected) <= allowed
      ? []
      : [
          `${path}: expected ${expected}, got ${actual} (|Δ| ${Math.abs(actual - expected).toExponential(2)} > ${allowed.toExponential(2)})`,
        ];
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length)
      return [`${path}: expected ${expected.length} entries, got ${actual.length}`];
    return expected.flatMap((e, i) => compareFigures(e, actual[i], options, `${path}[${i}]`));
  }
  if (isObject(expected) && isObject(actual)) {
    const ignore = options.ignore ?? [];
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].filter((k) => !ignore.includes(k));
    return keys.flatMap((k) => {
      if (!(k in actual)) return [`${path}.${k}: missing (expected ${JSON.stringify(expected[k])})`];
      if (!(k in expected)) return [`${path}.${k}: not in the recorded figures (got ${JSON.stringify(actual[k])})`];
      return compareFigures(expected[k], actual[k], options, `${path}.${k}`);
    });
  }
  return Object.is(expected, actual)
    ? []
    : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
