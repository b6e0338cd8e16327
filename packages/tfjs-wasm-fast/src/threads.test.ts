/**
 * Multithreaded wasm in Node: thread count from GENMODELS_THREADS, and, in a fresh process, that
 * init really runs that many threads, leaves no global adjusted, and lets the process exit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { BackendError } from './errors';
import { threadCount, workerFile } from './threads';

test('threads: every core by default, GENMODELS_THREADS overrides, nonsense is a clear error', () => {
  assert.equal(threadCount({}), os.availableParallelism());
  assert.equal(threadCount({ GENMODELS_THREADS: '3' }), 3);
  for (const bad of ['0', '-2', '1.5', 'many']) {
    assert.throws(
      () => threadCount({ GENMODELS_THREADS: bad }),
      (e: unknown) =>
        e instanceof BackendError &&
        e.message.includes(`GENMODELS_THREADS must be a whole number of threads from 1 to 64; found "${bad}"`),
    );
  }
});

test('the pthread worker is a file on disk that loads the package factory, not a blob: URL', () => {
  const path = workerFile();
  assert.ok(existsSync(path) && path.startsWith(os.tmpdir()));
  assert.equal(workerFile(), path, 'same content, same file');
  assert.match(readFileSync(path, 'utf8'), /tfjs-backend-wasm-threaded-simd\.js/);
});

const probe = `
const os = require('os');
const tf = require('@tensorflow/tfjs'), wasm = require('@tensorflow/tfjs-backend-wasm'); // TF.js's own globals come first
const engine = require('@genmodels/tfjs-wasm-fast'), { wgradKernel } = require('@genmodels/tfjs-wasm-fast/dist/wgrad-kernel');
const cpus = os.cpus, createObjectURL = URL.createObjectURL, globals = Object.getOwnPropertyNames(globalThis);
engine.setup().then(() => {
  const y = tf.matMul(tf.ones([64, 32]), tf.ones([32, 16])).dataSync();
  console.log(JSON.stringify({
    threads: wgradKernel(tf.backend()).threads, // the engine's pool
    xnnpack: wasm.getThreadsCount(),
    restored: os.cpus === cpus && URL.createObjectURL === createObjectURL,
    newGlobals: Object.getOwnPropertyNames(globalThis).filter((k) => !globals.includes(k)),
    ok: y.every((v) => v === 32),
  }));
});`;

function initWith(threads: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, ['-e', probe], {
    cwd: join(__dirname, '../../..'),
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, GENMODELS_THREADS: threads, ...env },
  });
  assert.equal(r.status, 0, `the process exits by itself (status ${r.status}, ${r.signal ?? ''}): ${r.stderr}`);
  return { ...JSON.parse(r.stdout), stderr: r.stderr };
}

test('wasm init with GENMODELS_THREADS=2 runs 2 threads (XNNPACK 1), restores every global, and exits', () => {
  assert.deepEqual(initWith('2'), { threads: 2, xnnpack: 1, restored: true, newGlobals: [], ok: true, stderr: '' });
});

test('GENMODELS_THREADS=3 on this machine still runs 3 threads', () => {
  assert.deepEqual(initWith('3'), { threads: 3, xnnpack: 1, restored: true, newGlobals: [], ok: true, stderr: '' });
});

test('GENMODELS_THREADS=1 runs single-threaded', () => {
  assert.deepEqual(initWith('1'), { threads: 1, xnnpack: 1, restored: true, newGlobals: [], ok: true, stderr: '' });
});

test('with no writable temp folder for the worker file, wasm still works, single-threaded, and says why', () => {
  const { stderr, ...rest } = initWith('2', { TMPDIR: '/nonexistent/genmodels-test' });
  assert.deepEqual(rest, { threads: 1, xnnpack: 1, restored: true, newGlobals: [], ok: true });
  assert.match(stderr, /tfjs-wasm-fast: wasm runs single-threaded: cannot write its thread worker file/);
});
