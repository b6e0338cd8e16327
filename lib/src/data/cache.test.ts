import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { courseRoot } from '../paths';
import { cacheRoot, ensureWritableDir } from './cache';

const REPO_ROOT = courseRoot({});
import { CacheError } from './errors';

const dir = mkdtempSync(join(tmpdir(), 'genmodels-cache-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('the cache root is the explicit option, else GENMODELS_CACHE, else <repo>/.cache/datasets', () => {
  assert.equal(cacheRoot('/tmp/x', { GENMODELS_CACHE: '/tmp/y' }), '/tmp/x');
  assert.equal(cacheRoot(undefined, { GENMODELS_CACHE: '/tmp/y' }), '/tmp/y');
  assert.equal(cacheRoot(undefined, {}), join(REPO_ROOT, '.cache', 'datasets'));
  assert.ok(
    existsSync(join(REPO_ROOT, 'package.json')) && existsSync(join(REPO_ROOT, 'lib')),
    'REPO_ROOT is the repository root',
  );
});

test('a missing cache folder is created, parents included', () => {
  const deep = join(dir, 'a', 'b', 'c');
  assert.equal(ensureWritableDir(deep), deep);
  assert.ok(statSync(deep).isDirectory());
});

test('a cache folder that cannot be created is a CacheError that says what to do', () => {
  writeFileSync(join(dir, 'file'), '');
  assert.throws(
    () => ensureWritableDir(join(dir, 'file', 'sub')),
    (e) =>
      e instanceof CacheError &&
      /part of its path is a file, not a folder \(ENOTDIR\).*GENMODELS_CACHE=/.test(e.message),
  );
});
