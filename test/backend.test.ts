/**
 * The backend choice as a user meets it: the built `genmodels` package in a fresh Node process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..');
const script =
  "require('genmodels').initBackend().then(b => console.log('BACKEND=' + b), e => { console.error(e.name + ': ' + e.message); process.exit(3); })";

function initIn(env: NodeJS.ProcessEnv) {
  const r = spawnSync(process.execPath, ['-e', script], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

function tfjsNodeLoads(): boolean {
  return spawnSync(process.execPath, ['-e', "require('@tensorflow/tfjs-node')"], { cwd: root }).status === 0;
}

test('with no choice forced, the fastest loadable backend is picked and explained', () => {
  const { status, out } = initIn({ GENMODELS_BACKEND: '' });
  assert.equal(status, 0);
  assert.match(out, tfjsNodeLoads() ? /BACKEND=node/ : /BACKEND=wasm/);
  assert.match(out, /^genmodels: backend (node|wasm) \(/m, 'one line says which backend and why');
});

test('GENMODELS_BACKEND=cpu forces the cpu backend', () => {
  const { status, out } = initIn({ GENMODELS_BACKEND: 'cpu' });
  assert.equal(status, 0);
  assert.match(out, /genmodels: backend cpu \(forced by GENMODELS_BACKEND\)/);
  assert.match(out, /BACKEND=cpu/);
});

test('GENMODELS_BACKEND=wasm forces wasm', () => {
  const { status, out } = initIn({ GENMODELS_BACKEND: 'wasm' });
  assert.equal(status, 0);
  assert.match(out, /BACKEND=wasm/);
});

test('a bogus GENMODELS_BACKEND is a clear error listing the valid values', () => {
  const { status, err } = initIn({ GENMODELS_BACKEND: 'bogus' });
  assert.equal(status, 3);
  assert.match(err, /BackendError: Unknown GENMODELS_BACKEND "bogus"\. Valid values: node, wasm, cpu\./);
});

test(
  'forcing a backend that cannot load fails instead of silently falling back',
  { skip: tfjsNodeLoads() && 'tfjs-node loads on this machine' },
  () => {
    const { status, err } = initIn({ GENMODELS_BACKEND: 'node' });
    assert.equal(status, 3);
    assert.match(err, /GENMODELS_BACKEND=node was requested but cannot load: tfjs-node is not installed/);
  },
);
