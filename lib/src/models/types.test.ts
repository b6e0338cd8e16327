import { test } from '../../../test/helpers/backends';
import assert from 'node:assert/strict';
import { expectNoLeak } from '../../../test/helpers/models';
import { configFrom, ModelInputError, oneHotRows } from './types';

const DEFAULTS = { hidden: [8], latentDim: 2, seed: 0 };

test('configFrom: the defaults, overridden where given; undefined keeps the default; foreign fields dropped', () => {
  assert.deepEqual(configFrom(DEFAULTS), { hidden: [8], latentDim: 2, seed: 0 });
  assert.deepEqual(configFrom(DEFAULTS, { latentDim: 5, seed: undefined }), { hidden: [8], latentDim: 5, seed: 0 });
  const shared = { latentDim: 3, beta: 2, kind: 'vae' }; // e.g. the CLI's config for every model
  assert.deepEqual(configFrom(DEFAULTS, shared), { hidden: [8], latentDim: 3, seed: 0 });
  assert.deepEqual(DEFAULTS, { hidden: [8], latentDim: 2, seed: 0 }, 'the defaults are not modified');
});

test('oneHotRows: one row per label, 1 in its column; out-of-range classes and unconditional models are typed errors', async () => {
  const rows = await expectNoLeak(() => {
    const t = oneHotRows('M', [2, 0, 1], 3);
    const v = t.arraySync();
    t.dispose();
    return v;
  });
  assert.deepEqual(rows, [
    [0, 0, 1],
    [1, 0, 0],
    [0, 1, 0],
  ]);
  for (const bad of [3, -1, 1.5]) {
    assert.throws(
      () => oneHotRows('M', [0, bad], 3),
      (e) =>
        e instanceof ModelInputError && e.message === `M: class ${bad} is out of range; expected an integer in 0..2.`,
    );
  }
  assert.throws(
    () => oneHotRows('M', [0], 0),
    (e) => e instanceof ModelInputError && /M: this model is unconditional \(numClasses 0\)/.test(e.message),
  );
});
