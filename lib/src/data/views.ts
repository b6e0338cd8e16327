/**
 * Views of an `ImageSet`: a seeded train/validation split and the first n examples.
 *
 * splitValidation: π = permutation(N, deriveSeed(seed, 'validation')); the validation set is
 * {π_0 … π_{V-1}}, the training set the rest, each kept in the original order.
 */
import { deriveSeed, permutation } from '../seed';
import type { ImageSet } from './load';

/** Seeded train/validation split, e.g. 55k/5k of MNIST's 60k. Copies the pixels of each part. */
export function splitValidation(
  set: ImageSet,
  options: { validation: number; seed: number },
): { train: ImageSet; validation: ImageSet } {
  const { validation, seed } = options;
  if (!Number.isInteger(validation) || validation < 0 || validation > set.n) {
    throw new RangeError(
      `splitValidation: validation must be an integer in 0..${set.n} (the size of ${set.name}), got ${validation}.`,
    );
  }
  const pi = permutation(set.n, deriveSeed(seed, 'validation'));
  const inValidation = new Uint8Array(set.n);
  for (let i = 0; i < validation; i++) inValidation[pi[i]] = 1;
  const trainIdx: number[] = [];
  const validationIdx: number[] = [];
  for (let i = 0; i < set.n; i++) (inValidation[i] ? validationIdx : trainIdx).push(i);
  return {
    train: gather(set, trainIdx, `${set.name}:train`),
    validation: gather(set, validationIdx, `${set.name}:validation`),
  };
}

/** The first n examples, without copying. n ≥ set.n (including Infinity) gives the whole set. */
export function subset(set: ImageSet, n: number): ImageSet {
  if (!(n >= 0) || (!Number.isInteger(n) && n !== Infinity)) {
    throw new RangeError(`subset: n must be a non-negative integer (or Infinity for all), got ${n}.`);
  }
  if (n >= set.n) return set;
  const d = set.height * set.width;
  return {
    ...set,
    name: `${set.name}[:${n}]`,
    n,
    images: set.images.subarray(0, n * d),
    labels: set.labels.subarray(0, n),
  };
}

/** A new ImageSet holding the examples at `indices`, in that order. */
export function gather(set: ImageSet, indices: ArrayLike<number>, name = set.name): ImageSet {
  const d = set.height * set.width;
  const images = new Uint8Array(indices.length * d); // [n, H*W]
  const labels = new Uint8Array(indices.length); // [n]
  for (let i = 0; i < indices.length; i++) {
    const j = indices[i];
    images.set(set.images.subarray(j * d, (j + 1) * d), i * d);
    labels[i] = set.labels[j];
  }
  return { ...set, name, n: indices.length, images, labels };
}
