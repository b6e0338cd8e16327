import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareFigures } from './figures';

const tol = { relative: 1e-4, absolute: 1e-6 };

test('numbers agree within absolute + relative·|expected|, and only within it', () => {
  assert.deepEqual(compareFigures(-100, -100.009, tol), []);
  assert.equal(compareFigures(-100, -100.011, tol).length, 1);
  assert.deepEqual(compareFigures(0, 5e-7, tol), []);
  assert.equal(compareFigures(0, 2e-6, tol).length, 1);
});

test('nested objects and arrays: every leaf is compared, and the path names the one that differs', () => {
  const recorded = { loss: { total: 90, kl: 0 }, denoising: [{ improves: true, output: { mse: 0.01 } }], kind: 'dae' };
  assert.deepEqual(compareFigures(recorded, structuredClone(recorded), tol), []);
  const changed = structuredClone(recorded);
  changed.denoising[0].output.mse = 0.02;
  changed.denoising[0].improves = false;
  assert.deepEqual(
    compareFigures(recorded, changed, tol).map((m) => m.split(':')[0]),
    ['$.denoising[0].improves', '$.denoising[0].output.mse'],
  );
  assert.match(compareFigures(recorded, { ...recorded, kind: 'ae' }, tol)[0], /\$\.kind: expected "dae", got "ae"/);
});

test('missing and extra keys fail; ignored keys do not count at any depth', () => {
  assert.match(compareFigures({ elbo: -90, logPx: -88 }, { elbo: -90 }, tol)[0], /\$\.logPx: missing/);
  assert.match(compareFigures({ elbo: -90 }, { elbo: -90, logPx: -88 }, tol)[0], /\$\.logPx: not in the recorded/);
  assert.equal(compareFigures([1, 2], [1], tol).length, 1);
  const ignore = ['seconds', 'checkpoint'];
  assert.deepEqual(
    compareFigures({ seconds: 3, a: { checkpoint: 'x' } }, { seconds: 9, a: { checkpoint: 'y' } }, { ...tol, ignore }),
    [],
  );
});
