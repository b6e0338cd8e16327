/**
 * `npm run bench` rejects what it cannot measure before measuring anything: a misspelt workload
 * or backend is one clear line listing the valid names, exit code 2 (the speed itself is printed
 * by the bench, never asserted in tests).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..');
const bench = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'bench/bench.ts', ...args], { cwd: root, encoding: 'utf8' });

test('an unknown workload or backend is named, with the valid ones, before any measurement', () => {
  for (const [args, bad] of [
    [['--workloads', 'sgemm-1024', '--backends', 'wasm'], 'sgemm-1024'],
    [['--workloads', 'sgemm1024', '--backends', 'wsm'], 'wsm'],
  ] as const) {
    const r = bench(...args);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`unknown "${bad}"\\. Workloads: sgemm1024, .*vae-train.*\\. Backends: wasm, `));
    assert.doesNotMatch(r.stdout + r.stderr, /GFLOP|examples\/s|^\s+at /m, 'nothing measured, no stack trace');
  }
});
