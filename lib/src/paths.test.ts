import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { courseRoot } from './paths';

test('the course root is the folder holding lib/ and checkpoints/, unless GENMODELS_ROOT says otherwise', () => {
  const root = courseRoot({});
  assert.ok(existsSync(join(root, 'lib', 'package.json')) && existsSync(join(root, 'checkpoints')), root);
  assert.equal(courseRoot({ GENMODELS_ROOT: '/srv/course' }), '/srv/course');
  assert.equal(courseRoot({ GENMODELS_ROOT: '' }), root, 'an empty variable is unset');
});
