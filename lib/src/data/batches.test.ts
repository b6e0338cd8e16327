import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { batches, toTensor } from './batches';
import type { ImageSet } from './load';

/** n examples of 2×2 pixels, every pixel of example i equal to i; label i mod 3. */
function idSet(n: number): ImageSet {
  const images = new Uint8Array(n * 4).map((_, j) => Math.floor(j / 4));
  return {
    name: 'ids',
    images,
    labels: Uint8Array.from({ length: n }, (_, i) => i % 3),
    n,
    height: 2,
    width: 2,
    numClasses: 3,
  };
}
const set = idSet(10);
/** The example ids of each batch in one epoch, read from the first pixel of each row. */
function collect(options: Parameters<typeof batches>[1]): number[][] {
  const out: number[][] = [];
  for (const { x } of batches(set, options)) out.push(Array.from(x.arraySync(), (row) => Math.round(row[0] * 255)));
  return out;
}

test('one epoch visits every example once, in batches of batchSize with a short last batch', () => {
  const epoch = collect({ batchSize: 4, seed: 1 });
  assert.deepEqual(
    epoch.map((b) => b.length),
    [4, 4, 2],
  );
  assert.deepEqual(
    epoch.flat().sort((a, b) => a - b),
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
  assert.deepEqual(
    collect({ batchSize: 4, seed: 1, dropLast: true }).map((b) => b.length),
    [4, 4],
  );
});

test('shuffling is seeded by (seed, epoch); shuffle=false keeps the order', () => {
  const a = collect({ batchSize: 10, seed: 1, epoch: 0 }).flat();
  assert.deepEqual(collect({ batchSize: 10, seed: 1, epoch: 0 }).flat(), a);
  assert.notDeepEqual(collect({ batchSize: 10, seed: 1, epoch: 1 }).flat(), a);
  assert.notDeepEqual(collect({ batchSize: 10, seed: 2, epoch: 0 }).flat(), a);
  assert.deepEqual(collect({ batchSize: 3, seed: 1, shuffle: false }).flat(), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test('startBatch resumes an epoch: the same batches as the tail of a full pass, dynamic binarization included', () => {
  const grey: ImageSet = { ...set, images: set.images.map((_, j) => (j * 37) % 256) }; // grey levels, so Bernoulli draws vary
  const rows = (options: Parameters<typeof batches>[1]) => Array.from(batches(grey, options), ({ x }) => x.arraySync());
  const options = { batchSize: 3, seed: 4, epoch: 2, binarize: 'dynamic' as const };
  const full = rows(options);
  assert.equal(full.length, 4);
  assert.deepEqual(rows({ ...options, startBatch: 2 }), full.slice(2));
  assert.deepEqual(rows({ ...options, startBatch: 4 }), [], 'past the last batch: nothing');
});

test('a batch holds x [B, H·W] in [0,1], int32 labels y and one-hot c that match its rows', () => {
  for (const { x, y, c } of batches(set, { batchSize: 4, seed: 5 })) {
    assert.deepEqual(x.shape.slice(1), [4]);
    assert.equal(y.dtype, 'int32');
    assert.equal(c.dtype, 'float32');
    const ids = x.arraySync().map((row) => Math.round(row[0] * 255));
    assert.deepEqual(
      y.arraySync(),
      ids.map((i) => i % 3),
    );
    assert.deepEqual(
      c.arraySync(),
      ids.map((i) => [0, 1, 2].map((k) => (k === i % 3 ? 1 : 0))),
    );
  }
});

test('the iterator leaks no tensors: each batch is disposed on next, on break and at the end', () => {
  const before = tf.memory().numTensors;
  let held: tf.Tensor | undefined;
  for (const { x } of batches(set, { batchSize: 3, seed: 1, binarize: 'dynamic' })) {
    assert.equal(tf.memory().numTensors, before + 3, 'only the current batch is alive');
    held = x;
  }
  assert.equal(tf.memory().numTensors, before);
  assert.ok(held!.isDisposed);
  for (const _ of batches(set, { batchSize: 3, seed: 1 })) break;
  assert.equal(tf.memory().numTensors, before, 'break disposes the current batch');
});

test('toTensor gives the whole set in order, with the same stochastic sample as batches', () => {
  const all = toTensor(set);
  assert.deepEqual(all.shape, [10, 4]);
  assert.deepEqual(
    all.arraySync().map((r) => Math.round(r[0] * 255)),
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
  all.dispose();
  const big = idSet(200); // pixels up to 199/255, so Bernoulli draws vary
  const fixed = toTensor(big, { binarize: 'stochastic', seed: 4 });
  const rows = fixed.arraySync();
  fixed.dispose();
  for (const { x } of batches(big, { batchSize: 64, seed: 4, epoch: 3, shuffle: false, binarize: 'stochastic' })) {
    x.arraySync().forEach((row, i) => assert.deepEqual(row, rows[i]));
    break;
  }
});

test('a batch size that is not a positive integer is rejected at the call', () => {
  assert.throws(() => batches(set, { batchSize: 0, seed: 1 }), /batchSize must be a positive integer, got 0/);
});
