import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorReport, UsageError } from './cli';

const { RuntimeError } = (globalThis as unknown as { WebAssembly: { RuntimeError: ErrorConstructor } }).WebAssembly;

test('a usage error prints the message, then the usage', () => {
  assert.deepEqual(errorReport(new UsageError('--n must be a positive integer'), 'usage: x'), [
    'error: --n must be a positive integer',
    '',
    'usage: x',
  ]);
});

test('a wasm crash ("Aborted()", out of bounds) prints what it most likely means and what to do', () => {
  for (const message of ['Aborted()', 'memory access out of bounds']) {
    const lines = errorReport(new RuntimeError(message), 'usage: x');
    assert.equal(lines[0], `error: ${message}`);
    assert.match(lines[1], /out of memory.*smaller --batch/);
  }
});

test('any other error prints its message only, and its stack with GENMODELS_DEBUG', () => {
  const e = new RangeError('no such checkpoint');
  assert.deepEqual(errorReport(e, 'usage: x'), ['error: no such checkpoint']);
  assert.equal(errorReport(e, 'usage: x', true)[1], e.stack);
});
