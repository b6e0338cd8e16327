import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byMode, isQuick, runMode } from './mode';

test('GENMODELS_QUICK selects the run mode', () => {
  assert.equal(runMode({ GENMODELS_QUICK: '1' }), 'quick');
  assert.equal(runMode({}), 'full');
  assert.equal(runMode({ GENMODELS_QUICK: '0' }), 'full');
  assert.equal(isQuick({ GENMODELS_QUICK: 'true' }), true);
  assert.equal(byMode({ quick: 1, full: 30 }, { GENMODELS_QUICK: '1' }), 1);
  assert.equal(byMode({ quick: 1, full: 30 }, {}), 30);
});

test('an unknown GENMODELS_QUICK value is a clear error', () => {
  assert.throws(() => runMode({ GENMODELS_QUICK: 'maybe' }), /GENMODELS_QUICK="maybe" is not understood/);
});
