import { test } from 'node:test';
import assert from 'node:assert/strict';
import { examplesToFloat } from './binarize';
import type { ImageSet } from './load';

/** n examples of d pixels, all equal to `value`. */
function flat(n: number, d: number, value: number): ImageSet {
  return {
    name: 'flat',
    images: new Uint8Array(n * d).fill(value),
    labels: new Uint8Array(n),
    n,
    height: 1,
    width: d,
    numClasses: 1,
  };
}
const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
const ramp: ImageSet = {
  name: 'ramp',
  images: Uint8Array.of(0, 127, 128, 255),
  labels: Uint8Array.of(0),
  n: 1,
  height: 2,
  width: 2,
  numClasses: 1,
};

test("'none' maps pixels to x = pixel / 255", () => {
  assert.deepEqual(
    [...examplesToFloat(ramp, [0])],
    [0, 127, 128, 255].map((p) => Math.fround(p / 255)),
  );
});

test("'threshold' gives 1[x > 0.5]", () => {
  assert.deepEqual([...examplesToFloat(ramp, [0], { binarize: 'threshold' })], [0, 0, 1, 1]);
});

test('stochastic binarization is Bernoulli(x): values in {0,1}, mean ≈ x (4σ tolerance)', () => {
  const set = flat(50, 400, 51); // x = 0.2, 20k draws, σ of the mean = √(0.2·0.8/20000) ≈ 0.0028
  const b = examplesToFloat(
    set,
    Array.from({ length: 50 }, (_, i) => i),
    { binarize: 'stochastic', seed: 3 },
  );
  assert.ok(b.every((v) => v === 0 || v === 1));
  assert.ok(Math.abs(mean(b) - 0.2) < 4 * 0.0028, `mean ${mean(b)}`);
  const ends = examplesToFloat(ramp, [0], { binarize: 'stochastic', seed: 3 });
  assert.equal(ends[0], 0, 'x = 0 never fires');
  assert.equal(ends[3], 1, 'x = 1 always fires');
});

test('stochastic is fixed per example whatever the batch; dynamic changes with the epoch', () => {
  const set = flat(6, 100, 128);
  const whole = examplesToFloat(set, [0, 1, 2, 3, 4, 5], { binarize: 'stochastic', seed: 9 });
  const alone = examplesToFloat(set, [4], { binarize: 'stochastic', seed: 9, epoch: 5 });
  assert.deepEqual(alone, whole.subarray(400, 500), 'same sample for example 4 in any batch and epoch');
  const e0 = examplesToFloat(set, [4], { binarize: 'dynamic', seed: 9, epoch: 0 });
  assert.deepEqual(examplesToFloat(set, [4], { binarize: 'dynamic', seed: 9, epoch: 0 }), e0, 'seeded');
  assert.notDeepEqual(examplesToFloat(set, [4], { binarize: 'dynamic', seed: 9, epoch: 1 }), e0, 'fresh each epoch');
});

test('random binarizations need a seed; unknown modes are rejected', () => {
  assert.throws(() => examplesToFloat(ramp, [0], { binarize: 'dynamic' }), /needs a seed/);
  assert.throws(
    () => examplesToFloat(ramp, [0], { binarize: 'otsu' as never }),
    /Unknown binarization "otsu".*none, dynamic, threshold, stochastic/,
  );
});
