import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as errors from './errors';

test('every data error is a DataError (one catch for the whole layer) with its own name and the file', () => {
  const classes = Object.entries(errors).filter(([k]) => k !== 'DataError');
  assert.ok(classes.length >= 10);
  for (const [key, Cls] of classes) {
    const e = new Cls('what happened', '/some/file');
    assert.ok(e instanceof errors.DataError && e instanceof Error, key);
    assert.equal(e.name, key, 'name matches the class, so CLIs and logs can tell kinds apart');
    assert.equal(e.file, '/some/file');
    assert.equal(e.message, 'what happened');
  }
});
