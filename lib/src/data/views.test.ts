import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ImageSet } from './load';
import { gather, splitValidation, subset } from './views';

/** n examples of 2×2 pixels where every pixel of example i is i (so identity survives any reordering). */
function idSet(n: number): ImageSet {
  const images = new Uint8Array(n * 4).map((_, j) => Math.floor(j / 4));
  const labels = Uint8Array.from({ length: n }, (_, i) => i % 10);
  return { name: 'ids', images, labels, n, height: 2, width: 2, numClasses: 10 };
}
const ids = (set: ImageSet) => Array.from({ length: set.n }, (_, i) => set.images[i * 4]);

test('splitValidation partitions the set: sizes add up, no example in both, each kept whole', () => {
  const set = idSet(100);
  const { train, validation } = splitValidation(set, { validation: 30, seed: 1 });
  assert.equal(train.n, 70);
  assert.equal(validation.n, 30);
  const all = [...ids(train), ...ids(validation)].sort((a, b) => a - b);
  assert.deepEqual(
    all,
    Array.from({ length: 100 }, (_, i) => i),
  );
  for (const part of [train, validation]) {
    for (let i = 0; i < part.n; i++) {
      const id = part.images[i * 4];
      assert.deepEqual([...part.images.subarray(i * 4, i * 4 + 4)], [id, id, id, id]);
      assert.equal(part.labels[i], id % 10, 'labels travel with their images');
    }
  }
  assert.equal(validation.name, 'ids:validation');
});

test('splitValidation is seeded: same seed same split, another seed another split', () => {
  const set = idSet(100);
  const a = ids(splitValidation(set, { validation: 10, seed: 7 }).validation);
  assert.deepEqual(ids(splitValidation(set, { validation: 10, seed: 7 }).validation), a);
  assert.notDeepEqual(ids(splitValidation(set, { validation: 10, seed: 8 }).validation), a);
});

test('splitValidation rejects a validation size larger than the set', () => {
  assert.throws(
    () => splitValidation(idSet(5), { validation: 6, seed: 1 }),
    /validation must be an integer in 0\.\.5.*got 6/,
  );
});

test('subset takes the first n as views; n beyond the set gives the set', () => {
  const set = idSet(10);
  const s = subset(set, 3);
  assert.deepEqual(ids(s), [0, 1, 2]);
  assert.equal(s.images.buffer, set.images.buffer);
  assert.equal(s.labels.length, 3);
  assert.equal(subset(set, Infinity), set);
  assert.throws(() => subset(set, -1), RangeError);
  assert.throws(() => subset(set, 2.5), RangeError);
});

test('gather reorders examples with their labels', () => {
  const g = gather(idSet(10), [4, 1, 4]);
  assert.deepEqual(ids(g), [4, 1, 4]);
  assert.deepEqual([...g.labels], [4, 1, 4]);
});
