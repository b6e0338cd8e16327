/**
 * The data API contract (shared with the models engineer) as the built `genmodels` package
 * exports it: every name present and callable, the types checked by the compiler below.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as genmodels from 'genmodels';
import type { Batch, Binarization, Corruption, DatasetName, ImageSet, LinearGaussian, Split } from 'genmodels';

const CONTRACT = [
  'loadDataset',
  'splitValidation',
  'subset',
  'batches',
  'toTensor',
  'gaussianNoise',
  'maskingNoise',
  'saltAndPepper',
  'corrupt',
  'linearGaussianModel',
  'sampleLinearGaussian',
  'linearGaussianLogLikelihood',
  'linearGaussianPosterior',
] as const;

test('every function of the data API contract is exported by the built package', () => {
  for (const name of CONTRACT) assert.equal(typeof genmodels[name], 'function', name);
});

test('the contract types line up (a compile-time check, run once)', () => {
  const name: DatasetName = 'fashion-mnist';
  const split: Split = 'test';
  const modes: Binarization[] = ['none', 'dynamic', 'threshold', 'stochastic'];
  const c: Corruption = { kind: 'salt-and-pepper', fraction: 0.1 };
  const set: ImageSet = {
    name: `${name}/${split}`,
    images: new Uint8Array(4),
    labels: Uint8Array.of(1),
    n: 1,
    height: 2,
    width: 2,
    numClasses: 2,
  };
  const model: LinearGaussian = genmodels.linearGaussianModel({ d: 2, k: 1, sigma: 1, seed: 1 });
  const it = genmodels.batches(set, { batchSize: 1, seed: 1, binarize: modes[2] });
  const first: Batch = it.next().value;
  assert.deepEqual(first.c.arraySync(), [[0, 1]]);
  it.return(undefined);
  assert.ok(first.x.isDisposed);
  assert.equal(c.kind, 'salt-and-pepper');
  assert.equal(model.W.length, 2);
});
