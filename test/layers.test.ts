/**
 * The library's layers hold (core → data → models → train → analysis → plots → notebook, no
 * cycles, an engine that knows no course): dependency-cruiser with .dependency-cruiser.cjs. The
 * violations still to be removed are listed, so none can be added unseen.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers';

const CRUISE = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');

function cruise(cwd: string, ...args: string[]) {
  const roots = ['lib/src', 'packages/tfjs-wasm-fast/src'].filter((d) => existsSync(join(cwd, d)));
  return spawnSync(process.execPath, [CRUISE, ...roots, '--config', CONFIG, '--output-type', 'err', ...args], {
    cwd,
    encoding: 'utf8',
  });
}

test('lib/src keeps its layers, apart from the listed known violations', () => {
  const r = cruise(ROOT, '--ignore-known', join(ROOT, '.dependency-cruiser-known-violations.json'));
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /no dependency violations found/);
});

test('the known violations are exactly the one cycle still to remove', () => {
  const known = JSON.parse(readFileSync(join(ROOT, '.dependency-cruiser-known-violations.json'), 'utf8')) as {
    from: string;
    to?: string;
    rule: { name: string };
  }[];
  assert.deepEqual(known.map((v) => `${v.rule.name}: ${v.from}`).sort(), ['no-cycles: lib/src/models/pixelcnn.ts']);
});

test('a module that imports a layer above it is rejected, by rule name', () => {
  const r = cruise(join(ROOT, 'test/fixtures/layers'));
  assert.notEqual(r.status, 0);
  assert.match(r.stdout, /error data-looks-only-down: lib\/src\/data\/upward\.ts → lib\/src\/plots\/label\.ts/);
});

test('a model that loads the engine, and an engine that imports the course, are rejected', () => {
  const r = cruise(join(ROOT, 'test/fixtures/layers'));
  assert.match(r.stdout, /error models-use-tf-ops: lib\/src\/models\/fast\.ts → lib\/src\/engine\.ts/);
  assert.match(
    r.stdout,
    /error engine-knows-no-course: packages\/tfjs-wasm-fast\/src\/kernel\.ts → lib\/src\/plots\/label\.ts/,
  );
});
