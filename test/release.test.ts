/**
 * The student bundle holds the course without its answers: no solutions/, no hidden tests, no
 * grader; every exercise is there, current, and every bundled import resolves.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectedExercises, listAssignments } from '../tools/exercises';
import { checkBundle, release, ReleaseError } from '../tools/release';
import { ROOT, runTool } from './helpers';

function allFiles(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? allFiles(join(dir, e.name), base) : [join(dir, e.name).slice(base.length + 1)],
  );
}

test('npm run exercises -- --release DIR writes the course without solutions, hidden tests or grader', async (t) => {
  const dir = join(mkdtempSync(join(tmpdir(), 'release-')), 'bundle');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = await runTool('exercises.ts', ['--release', dir]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Wrote the student bundle to .*bundle: \d+ files/);
  const files = allFiles(dir);
  for (const f of [
    'package.json',
    'package-lock.json',
    'README.md',
    'lib/src/index.ts',
    'kernel/src/main.ts',
    'tools/start.ts',
    'notebooks/00-setup.ipynb',
    'datasets/manifest.json',
    'checkpoints/vae-20/model.json',
  ]) {
    assert.ok(files.includes(f), `${f} is in the bundle`);
  }
  assert.deepEqual(
    files.filter((f) =>
      /^(solutions|\.ci)\/|^tools\/(grade|grading|nbgrader|exercises|release)|^test\/(grade|exercises|release)/.test(f),
    ),
    [],
  );
  for (const f of files) {
    const text = readFileSync(join(dir, f), 'latin1');
    assert.ok(!/BEGIN (SOLUTION|HIDDEN TESTS)/.test(text), `${f} holds a solution marker`);
  }
  const expected = expectedExercises();
  assert.deepEqual(listAssignments(join(dir, 'exercises')), listAssignments(), 'one exercise per assignment');
  for (const [name, text] of expected)
    assert.equal(readFileSync(join(dir, 'exercises', name), 'utf8'), text, `${name} is the current exercise`);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  assert.equal(pkg.scripts.grade, undefined);
  assert.equal(pkg.scripts.exercises, undefined);
  assert.ok(pkg.scripts.start && pkg.scripts.test, 'the two commands stay');
  assert.doesNotMatch(readFileSync(join(dir, 'README.md'), 'utf8'), /## For instructors/);
  assert.match(readFileSync(join(dir, 'exercises/README.md'), 'utf8'), /Each notebook here is one assignment/);
});

test('a release into the checkout, or into a non-empty folder, is refused', () => {
  assert.throws(
    () => release(join(ROOT, 'bundle')),
    (e: unknown) => e instanceof ReleaseError && /outside the course checkout/.test(e.message),
  );
  const dir = mkdtempSync(join(tmpdir(), 'release-full-'));
  writeFileSync(join(dir, 'keep.txt'), 'mine');
  try {
    assert.throws(() => release(dir), /is not empty/);
    assert.equal(readFileSync(join(dir, 'keep.txt'), 'utf8'), 'mine', 'nothing of it was touched');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a bundle that would leak an answer or import a missing file is refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'release-check-'));
  try {
    mkdirSync(join(dir, 'exercises'));
    writeFileSync(join(dir, 'exercises/a.ipynb'), '{"cells": [{"source": "// BEGIN HIDDEN TESTS"}]}');
    assert.throws(() => checkBundle(dir), /would leak solutions: exercises\/a\.ipynb/);
    rmSync(join(dir, 'exercises/a.ipynb'));
    mkdirSync(join(dir, 'test'));
    writeFileSync(join(dir, 'test/x.test.ts'), "import { grade } from '../tools/grade';\n");
    assert.throws(() => checkBundle(dir), /test\/x\.test\.ts imports \.\.\/tools\/grade/);
    assert.ok(existsSync(join(dir, 'test/x.test.ts')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
