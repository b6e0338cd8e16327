import { test } from 'node:test';
import assert from 'node:assert/strict';
import { INTERRUPTED, InterruptedError, throwIfInterrupted } from './interrupt';

test('throwIfInterrupted asks the kernel, and is a no-op outside one', () => {
  const g = globalThis as { [INTERRUPTED]?: () => boolean };
  assert.doesNotThrow(throwIfInterrupted);
  let flag = false;
  g[INTERRUPTED] = () => flag;
  try {
    assert.doesNotThrow(throwIfInterrupted);
    flag = true;
    assert.throws(throwIfInterrupted, InterruptedError);
  } finally {
    delete g[INTERRUPTED];
  }
});
