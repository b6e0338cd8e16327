/**
 * Exercise generation: stubs, hidden tests, locks and outputs; `npm run exercises -- --check`
 * is clean on the committed tree and fails on a stale one; restoring locked cells before grading.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkExercises, EXERCISES_DIR, listAssignments, SOLUTIONS_DIR } from '../tools/exercises';
import {
  checkMetadata,
  NotebookFormatError,
  parseNotebook,
  sourceOf,
  stripHiddenTests,
  stubSolutions,
  toExercise,
  type Notebook,
} from '../tools/nbgrader';
import { restoreSubmission } from '../tools/grading/restore';
import { feedbackMarkdown, gradebookCsv, type GradeRecord } from '../tools/grading/gradebook';
import { runTool } from './helpers';
import { read } from './helpers/submissions';

test('a solution region becomes an indented Not implemented stub; the signature stays', () => {
  const src = [
    'function f(a: number): number {',
    '  // BEGIN SOLUTION',
    '  const b = a * 2;',
    '  return b;',
    '  // END SOLUTION',
    '}',
  ].join('\n');
  assert.equal(
    stubSolutions(src),
    ['function f(a: number): number {', '  // YOUR CODE HERE', "  throw new Error('Not implemented');", '}'].join('\n'),
  );
});

test('hidden tests are removed, visible ones kept', () => {
  const src = ['check(1);', '// BEGIN HIDDEN TESTS', 'check(2);', '// END HIDDEN TESTS'].join('\n');
  assert.equal(stripHiddenTests(src), 'check(1);');
});

test('unbalanced markers are errors that name the cell', () => {
  assert.throws(
    () => stubSolutions('// BEGIN SOLUTION\nx', 'a.ipynb, cell 3'),
    /a\.ipynb, cell 3: "\/\/ BEGIN SOLUTION" is never closed/,
  );
  assert.throws(() => stripHiddenTests('// END HIDDEN TESTS'), NotebookFormatError);
});

test('metadata problems are caught: repeated grade_id, test without points, answer without region', () => {
  const nb = (cells: Notebook['cells']): Notebook => ({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 });
  const meta = (over: object) => ({
    nbgrader: {
      grade: true,
      solution: false,
      locked: true,
      grade_id: 't',
      points: 1,
      schema_version: 3 as const,
      ...over,
    },
  });
  const cell = (over: object, source = 'x') => ({ cell_type: 'code' as const, metadata: meta(over), source });
  assert.throws(() => checkMetadata(nb([cell({}), cell({})]), 'n'), /grade_id "t" is missing or repeated/);
  assert.throws(() => checkMetadata(nb([cell({ points: 0 })]), 'n'), /needs points > 0/);
  assert.throws(
    () => checkMetadata(nb([cell({ grade: false, solution: true, locked: false })]), 'n'),
    /needs a "\/\/ BEGIN SOLUTION" region/,
  );
  assert.deepEqual([...checkMetadata(nb([cell({ points: 3 })]), 'n')], [['t', 3]]);
});

test('an invalid notebook is reported with the file and what to do', () => {
  assert.throws(
    () => parseNotebook('{"cells": [', 'alice/a.ipynb'),
    /alice\/a\.ipynb is not valid JSON .*Re-save it from Jupyter/,
  );
  assert.throws(() => parseNotebook('{"x": 1}', 'b.ipynb'), /b\.ipynb is JSON but not a notebook/);
});

for (const a of listAssignments()) {
  test(`${a}: the exercise has stubs, no hidden tests, no outputs, and locked tests (nbgrader schema 3)`, () => {
    const ex = read('exercises', a);
    const all = ex.cells.map(sourceOf).join('\n');
    assert.doesNotMatch(all, /BEGIN SOLUTION|END SOLUTION|HIDDEN TESTS/);
    const graded = ex.cells.filter((c) => c.metadata.nbgrader);
    assert.ok(graded.length > 0);
    for (const c of graded) {
      const m = c.metadata.nbgrader!;
      assert.equal(m.schema_version, 3);
      assert.equal(m.locked, !m.solution, `${m.grade_id}: tests and read-only cells locked, answers editable`);
      if (m.solution) assert.match(sourceOf(c), /throw new Error\('Not implemented'\);/);
      if (m.grade) assert.ok(m.points! > 0);
      assert.deepEqual(c.outputs, []);
      assert.equal(c.execution_count, null);
    }
    assert.ok(
      read('solutions', a).cells.some((c) => sourceOf(c).includes('BEGIN HIDDEN TESTS')),
      'every assignment has hidden tests',
    );
  });
}

test('npm run exercises -- --check is clean on the committed tree', async () => {
  const r = await runTool('exercises.ts', ['--check']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /exercises\/ is in sync with solutions\/ \(\d+ assignments\)/);
});

test('--check finds a stale, a missing and an orphan exercise', () => {
  const dir = mkdtempSync(join(tmpdir(), 'genmodels-ex-'));
  cpSync(EXERCISES_DIR, dir, { recursive: true });
  assert.deepEqual(checkExercises(SOLUTIONS_DIR, dir), []);
  const [first, second] = listAssignments();
  writeFileSync(join(dir, `${first}.ipynb`), JSON.stringify(toExercise(read('solutions', first), first)));
  cpSync(join(dir, `${second}.ipynb`), join(dir, '99-orphan.ipynb'));
  unlinkSync(join(dir, `${second}.ipynb`));
  const problems = checkExercises(SOLUTIONS_DIR, dir);
  assert.deepEqual(
    problems.sort(),
    [
      `${first}.ipynb: out of date`,
      `${second}.ipynb: missing`,
      '99-orphan.ipynb: no solutions/99-orphan.ipynb it comes from',
    ].sort(),
  );
  rmSync(dir, { recursive: true, force: true });
});

test('restoring: locked cells come from the solution, answers and extra cells from the student', () => {
  const solution = read('solutions', '02-corruption');
  const sub = read('exercises', '02-corruption');
  const answer = sub.cells.findIndex((c) => c.metadata.nbgrader?.grade_id === 'masking_answer');
  sub.cells[answer].source = 'function maskingNoise() { return 1; }';
  sub.cells.splice(answer + 1, 0, {
    cell_type: 'code',
    metadata: {},
    source: 'const scratch = 1;',
    outputs: [{ big: 'x' }],
  });
  sub.cells = sub.cells.filter((c) => c.metadata.nbgrader?.grade_id !== 'salt_pepper_tests');
  sub.cells.find((c) => c.metadata.nbgrader?.grade_id === 'gaussian_tests')!.source = 'assert.ok(true);';
  const { notebook, tampering, missingAnswers } = restoreSubmission(solution, sub);
  const ids = notebook.cells.map((c) => c.metadata.nbgrader?.grade_id ?? sourceOf(c).slice(0, 18));
  const i = ids.indexOf('masking_answer');
  assert.equal(ids[i + 1], 'const scratch = 1;', 'the extra cell stays after the cell it followed');
  assert.deepEqual(notebook.cells[i + 1].outputs, [], 'outputs are not carried into grading');
  assert.equal(sourceOf(notebook.cells[i]), 'function maskingNoise() { return 1; }');
  const gaussian = notebook.cells.find((c) => c.metadata.nbgrader?.grade_id === 'gaussian_tests')!;
  assert.match(sourceOf(gaussian), /BEGIN HIDDEN TESTS/, 'the hidden tests run');
  assert.ok(ids.includes('salt_pepper_tests'), 'a deleted test is put back');
  assert.deepEqual(tampering, ['deleted test cell salt_pepper_tests', 'edited test cell gaussian_tests']);
  assert.deepEqual(missingAnswers, []);
  const noAnswer = restoreSubmission(solution, {
    ...sub,
    cells: sub.cells.filter((c) => c.metadata.nbgrader?.grade_id !== 'gaussian_answer'),
  });
  assert.deepEqual(noAnswer.missingAnswers, ['gaussian_answer']);
});

test('gradebook CSV quotes what needs quoting; feedback shows results and errors', () => {
  const r: GradeRecord = {
    student: 'O"Brien, Ann',
    assignment: 'a1',
    status: 'graded',
    total: 1,
    max: 3,
    seconds: 1,
    notes: [],
    tampering: ['edited test cell t2'],
    tests: [
      { gradeId: 't1', points: 1, maxPoints: 1, status: 'passed' },
      { gradeId: 't2', points: 0, maxPoints: 2, status: 'failed', error: 'AssertionError: no ``` here' },
    ],
  };
  const csv = gradebookCsv([r], ['a1:t1', 'a1:t2', 'a2:t1']);
  assert.equal(
    csv,
    'student,assignment,a1:t1,a1:t2,a2:t1,total,max,status,tampering\n"O""Brien, Ann",a1,1,0,,1,3,graded,edited test cell t2\n',
  );
  const md = feedbackMarkdown(r);
  assert.match(md, /\*\*Score: 1 \/ 3\*\*/);
  assert.match(md, /\| t2 \| 0 \/ 2 \| failed \|/);
  assert.match(md, /AssertionError: no ''' here/);
});
