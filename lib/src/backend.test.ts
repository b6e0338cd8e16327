import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BackendError, parseBackendName } from './backend';

test('parseBackendName accepts the three backends, case-insensitively', () => {
  assert.equal(parseBackendName('wasm'), 'wasm');
  assert.equal(parseBackendName(' CPU '), 'cpu');
  assert.equal(parseBackendName('node'), 'node');
});

test('an unknown backend name is an error that lists the valid ones', () => {
  assert.throws(
    () => parseBackendName('gpu', 'GENMODELS_BACKEND'),
    (e: unknown) => e instanceof BackendError && /GENMODELS_BACKEND "gpu".*node, wasm, cpu/.test(e.message),
  );
});
