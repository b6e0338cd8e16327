import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { Autoencoder } from '../models/autoencoder';
import type { TrainableModel } from '../models/types';
import { evaluateDenoising, STANDARD_CORRUPTIONS } from './denoisingEval';
import { expectNoLeak, uniform, useCpu } from '../../../test/helpers/models';

before(useCpu);

const D = 64;

/** A "model" whose reconstruction is fixed: the input itself, or a constant image. */
function fixedModel(reconstruct: (x: tf.Tensor2D) => tf.Tensor2D): TrainableModel {
  return { config: { inputDim: D, seed: 0 }, reconstruct } as unknown as TrainableModel;
}

test('corrupted-input errors match their closed forms on uniform x', async () => {
  // x ~ U(0, 1): masking ν gives E(x̃ − x)² = ν E[x²] = ν/3; salt-and-pepper ν gives ν/2 (E[x²] + E[(1 − x)²]) = ν/3
  const x = uniform(400, D, 1);
  const rows = await evaluateDenoising(
    fixedModel((t) => t.clone()),
    { x },
    { batchSize: 128, seed: 5 },
  );
  assert.deepEqual(
    rows.map((r) => r.corruption),
    [...STANDARD_CORRUPTIONS],
  );
  const [, masking, saltAndPepper] = rows;
  assert.ok(
    Math.abs(masking.corrupted.meanSquaredError - 0.5 / 3) < 0.01,
    `masking ${masking.corrupted.meanSquaredError}`,
  );
  assert.ok(
    Math.abs(saltAndPepper.corrupted.meanSquaredError - 0.2 / 3) < 0.005,
    `salt-and-pepper ${saltAndPepper.corrupted.meanSquaredError}`,
  );
  for (const r of rows) {
    // the identity passes the noise through: the output is exactly as far from x as x̃, so no improvement
    assert.equal(r.output.meanSquaredError, r.corrupted.meanSquaredError);
    assert.equal(r.improves, false);
    assert.ok(Math.abs(r.corrupted.squaredError - D * r.corrupted.meanSquaredError) < 1e-9);
  }
  x.dispose();
});

test('a constant 0.5 output is 1/12 from uniform x, closer than masked input', async () => {
  const x = uniform(400, D, 2);
  const half = fixedModel((t) => tf.fill(t.shape, 0.5) as tf.Tensor2D);
  const [row] = await evaluateDenoising(half, { x }, { corruptions: [{ kind: 'masking', fraction: 0.5 }], seed: 1 });
  assert.ok(Math.abs(row.output.meanSquaredError - 1 / 12) < 0.005, `${row.output.meanSquaredError}`);
  assert.equal(row.improves, true);
  x.dispose();
});

test('the figures repeat exactly given the seed, change with it, and nothing leaks', async () => {
  const ae = new Autoencoder({ inputDim: D, hidden: [8], latentDim: 2, seed: 3 });
  const x = uniform(60, D, 4);
  const a = await expectNoLeak(() => evaluateDenoising(ae, { x }, { batchSize: 16, seed: 7 }));
  const b = await evaluateDenoising(ae, { x }, { batchSize: 16, seed: 7 });
  const other = await evaluateDenoising(ae, { x }, { batchSize: 16, seed: 8 });
  assert.deepEqual(a, b);
  assert.notEqual(a[0].corrupted.meanSquaredError, other[0].corrupted.meanSquaredError);
  ae.dispose();
  x.dispose();
});
