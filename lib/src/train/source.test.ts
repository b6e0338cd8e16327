import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { batchCount, batchesOf, exampleCount } from './source';
import { expectNoLeak, useCpu, values } from '../../../test/helpers/models';

before(useCpu);

const x = tf.tensor2d(Array.from({ length: 10 }, (_, i) => [i, -i])); // row i = [i, −i]
const c = tf.tensor2d(Array.from({ length: 10 }, (_, i) => [i % 2, 1 - (i % 2)]));

test('tensor batches cover every row once per epoch, in a seeded order, with matching classes', async () => {
  assert.deepEqual([exampleCount({ x }), batchCount({ x }, 4)], [10, 3]);
  const firstColumn = (seed: number, epoch: number) => {
    const rows: number[] = [];
    for (const b of batchesOf({ x, c }, { batchSize: 4, seed, epoch })) {
      const xs = values(b.x.slice([0, 0], [-1, 1]));
      values(b.c!.slice([0, 0], [-1, 1])).forEach((ci, i) => assert.equal(ci, xs[i] % 2, 'c stays with its x'));
      rows.push(...xs);
    }
    return rows;
  };
  const order = firstColumn(1, 0);
  assert.deepEqual(
    [...order].sort((a, b) => a - b),
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
  assert.deepEqual(firstColumn(1, 0), order, 'same seed and epoch, same order');
  assert.notDeepEqual(firstColumn(1, 1), order, 'another epoch reshuffles');
  const plain = [...batchesOf({ x }, { batchSize: 3, seed: 1, shuffle: false })].length;
  assert.equal(plain, 4);
});

test('startBatch skips the first batches of the same seeded order', () => {
  const rows = (startBatch?: number) =>
    Array.from(batchesOf({ x, c }, { batchSize: 4, seed: 3, epoch: 1, startBatch }), (b) => values(b.x));
  const full = rows();
  assert.deepEqual(rows(1), full.slice(1));
  assert.deepEqual(rows(3), []);
});

test('each batch is disposed when the next is requested, and on break', async () => {
  await expectNoLeak(() => {
    for (const b of batchesOf({ x, c }, { batchSize: 3, seed: 2 })) if (b.x.shape[0] > 0) break;
    for (const b of batchesOf({ x }, { batchSize: 3, seed: 2 })) void b;
  });
});
