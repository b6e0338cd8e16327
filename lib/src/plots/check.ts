/**
 * Input checks shared by the chart builders. Charts are often the first place a bad array shows
 * up (a NaN loss, a latent batch of the wrong width), so each check names the builder, what it
 * expected, what it found and what to do, instead of letting Vega draw an empty or wrong chart.
 */

/** Thrown by every chart builder for input it cannot draw. */
export class PlotInputError extends Error {
  override name = 'PlotInputError';
}

function fail(where: string, message: string): never {
  throw new PlotInputError(`${where}: ${message}`);
}

/** At least one item; `what` names the array in the message. */
export function checkNonEmpty(where: string, what: string, xs: ArrayLike<unknown>): void {
  if (xs.length === 0) fail(where, `${what} is empty; pass at least one value.`);
}

/** Every value is a finite number (no NaN, no ±Infinity). */
export function checkFinite(where: string, what: string, xs: ArrayLike<number>): void {
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      fail(
        where,
        `${what}[${i}] is ${String(v)}; expected a finite number. ` +
          'A NaN usually means training diverged: lower the learning rate or check the loss.',
      );
    }
  }
}

/** Two arrays that describe the same items have the same length. */
export function checkSameLength(where: string, a: [string, ArrayLike<unknown>], b: [string, ArrayLike<unknown>]): void {
  if (a[1].length !== b[1].length) {
    fail(
      where,
      `${a[0]} has ${a[1].length} items but ${b[0]} has ${b[1].length}; pass one ${b[0]} entry per ${a[0]} entry.`,
    );
  }
}

/** Points as rows of equal width `dim` (or any common width when `dim` is omitted); returns the width. */
export function checkPoints(where: string, what: string, points: ArrayLike<number>[], dim?: number): number {
  checkNonEmpty(where, what, points);
  const width = dim ?? points[0].length;
  points.forEach((p, i) => {
    if (p.length !== width)
      fail(where, `${what}[${i}] has ${p.length} coordinates; expected ${width} like ${what}[0].`);
    checkFinite(where, `${what}[${i}]`, p);
  });
  return width;
}

/** Side of a square image stored flat (length side²); the same for all images in a list. */
export function squareSide(where: string, what: string, images: ArrayLike<number>[]): number {
  checkNonEmpty(where, what, images);
  const side = Math.round(Math.sqrt(images[0].length));
  images.forEach((img, i) => {
    const s = Math.round(Math.sqrt(img.length));
    if (img.length === 0 || s * s !== img.length) {
      fail(
        where,
        `${what}[${i}] has ${img.length} pixels, which is not a square image (side² pixels, ` +
          `e.g. 784 = 28²). Flatten one square grayscale image per entry.`,
      );
    }
    if (s !== side)
      fail(where, `${what}[${i}] is ${s}×${s} but ${what}[0] is ${side}×${side}; all images must share one size.`);
    checkFinite(where, `${what}[${i}]`, img);
  });
  return side;
}
