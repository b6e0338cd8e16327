/**
 * The autograder end to end, through real Jupyter and the project kernel, in ONE grading run:
 * - the key proof: for every assignment, each autograded test fails on the generated exercise
 *   (with "Not implemented", so the stubs compile) and passes on the filled-in solution;
 * - the hostile-submission suite on assignment 02: wrong answer, type error, runtime throw,
 *   infinite loop, 50 MB of output, process.exit(), deleted and edited test cells, invalid JSON,
 *   missing file, wrong assignment name — the gradebook stays complete and others unaffected
 *   (the solution and exercise students are graded alongside, with two notebooks at a time);
 * - a rerun skips what is graded.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listAssignments } from '../tools/exercises';
import { sourceOf, type Notebook } from '../tools/nbgrader';
import { loadRecords, type GradeRecord } from '../tools/grading/gradebook';
import { runTool } from './helpers';
import { filledIn, read, withBody, withSource, without, writeSubmission } from './helpers/submissions';

const A = '02-corruption';
const assignments = listAssignments();
const subs = mkdtempSync(join(tmpdir(), 'genmodels-subs-'));
const out = mkdtempSync(join(tmpdir(), 'genmodels-grades-'));
after(() => [subs, out].forEach((d) => rmSync(d, { recursive: true, force: true })));

for (const a of assignments) {
  writeSubmission(subs, 'solution', `${a}.ipynb`, filledIn(a));
  writeSubmission(subs, 'exercise', `${a}.ipynb`, read('exercises', a));
}
// Fixtures share notebooks where their effects cannot mix, to save kernel starts (~8 s each).
const answer = (nb: Notebook, id: string) => sourceOf(nb.cells.find((c) => c.metadata.nbgrader?.grade_id === id)!);
const wrongAndThrows = withBody(filledIn(A), 'masking_answer', '  return x.clone();');
writeSubmission(
  subs,
  'wrong-throws',
  `${A}.ipynb`,
  withBody(wrongAndThrows, 'salt_pepper_answer', "  throw new TypeError('oops, my bug');"),
);
const typeErrorDeleted = withBody(filledIn(A), 'gaussian_answer', "  const n: number = 'five';\n  return x;");
writeSubmission(subs, 'typeerror-deleted', `${A}.ipynb`, without(typeErrorDeleted, 'masking_tests'));
const editedFlood = withBody(filledIn(A), 'masking_answer', "  throw new Error('Not implemented');");
withSource(
  editedFlood,
  'salt_pepper_answer',
  `console.log('x'.repeat(50 * 1024 * 1024));\n${answer(editedFlood, 'salt_pepper_answer')}`,
);
writeSubmission(subs, 'edited-flood', `${A}.ipynb`, withSource(editedFlood, 'masking_tests', 'assert.ok(true);'));
writeSubmission(subs, 'loop', `${A}.ipynb`, withBody(filledIn(A), 'gaussian_answer', '  while (true) {}'));
const exiting = filledIn(A);
writeSubmission(
  subs,
  'exits',
  `${A}.ipynb`,
  withSource(exiting, 'salt_pepper_answer', `${answer(exiting, 'salt_pepper_answer')}\nprocess.exit(1);`),
);
writeSubmission(subs, 'invalid', `${A}.ipynb`, '{"cells": [ {"source": "oops"');
writeSubmission(subs, 'wrongname', '02-corruptoin.ipynb', filledIn(A));
writeFileSync(join(subs, 'wrongname', 'notes.txt'), 'not a notebook');
writeSubmission(subs, '.ipynb_checkpoints', `${A}.ipynb`, filledIn(A)); // Jupyter's, not a student

let run: Awaited<ReturnType<typeof runTool>>;
let records: GradeRecord[];
const get = (student: string, assignment = A): GradeRecord => {
  const r = records.find((x) => x.student === student && x.assignment === assignment);
  assert.ok(r, `no record for ${student}/${assignment}`);
  return r;
};
const points = (r: GradeRecord): Record<string, number> =>
  Object.fromEntries(r.tests.map((t) => [t.gradeId, t.points]));

test('one grading run over every fixture finishes and writes a complete gradebook', async () => {
  run = await runTool('grade.ts', [subs, '--out', out, '--cell-timeout', '30', '--jobs', '2']);
  assert.equal(run.status, 0, run.stderr);
  records = loadRecords(out);
  const students = [
    'solution',
    'exercise',
    'wrong-throws',
    'typeerror-deleted',
    'edited-flood',
    'loop',
    'exits',
    'invalid',
    'wrongname',
  ];
  // every student gets a row for every assignment, plus the stray file; dot folders are no students
  assert.equal(records.length, students.length * assignments.length + 1);
  const csv = readFileSync(join(out, 'gradebook.csv'), 'utf8').trim().split('\n');
  assert.equal(csv.length, records.length + 1);
  assert.match(csv[0], /^student,assignment,01-autoencoder:mse_tests,.*,total,max,status,tampering$/);
  assert.match(run.stdout, /\d+ submission\(s\): .*graded/);
});

for (const a of assignments) {
  test(`${a}: every autograded test fails on the exercise and passes on the solution`, () => {
    const sol = get('solution', a);
    const ex = get('exercise', a);
    assert.ok(sol.tests.length >= 3, 'at least three autograded tests');
    assert.equal(sol.status, 'graded');
    assert.deepEqual(sol.tampering, []);
    for (const t of sol.tests) assert.equal(t.status, 'passed', `${t.gradeId} on the solution: ${t.error}`);
    assert.equal(sol.total, sol.max);
    for (const t of ex.tests) {
      assert.equal(t.points, 0, `${t.gradeId} passed on the stub`);
      assert.match(t.error ?? '', /Not implemented/, `${t.gradeId} fails because of the stub, not a compile error`);
    }
    assert.equal(
      readFileSync(join(out, 'feedback', 'exercise', `${a}.md`), 'utf8').includes(`Score: 0 / ${ex.max}`),
      true,
    );
  });
}

test('a wrong answer, a type error and a runtime throw cost only the tests they break', () => {
  const wrongThrows = get('wrong-throws');
  assert.deepEqual(points(wrongThrows), {
    masking_tests: 0,
    masking_range: 0,
    salt_pepper_tests: 0,
    gaussian_tests: 2,
    no_leaks: 0,
  });
  assert.match(wrongThrows.tests.find((t) => t.gradeId === 'masking_tests')?.error ?? '', /share of zeroed entries/);
  assert.match(
    wrongThrows.tests.find((t) => t.gradeId === 'salt_pepper_tests')?.error ?? '',
    /TypeError: oops, my bug/,
  );
  const typeError = get('typeerror-deleted');
  assert.deepEqual(points(typeError), {
    masking_tests: 2,
    masking_range: 1,
    salt_pepper_tests: 2,
    gaussian_tests: 0,
    no_leaks: 0,
  });
  assert.equal(typeError.status, 'graded');
});

test('an infinite loop times out; the cells before it count and the next students are graded', () => {
  const loop = get('loop');
  assert.equal(loop.status, 'timeout');
  assert.deepEqual(points(loop), {
    masking_tests: 2,
    masking_range: 1,
    salt_pepper_tests: 2,
    gaussian_tests: 0,
    no_leaks: 0,
  });
  assert.equal(loop.tests.find((t) => t.gradeId === 'gaussian_tests')?.status, 'timeout');
  assert.equal(loop.tests.find((t) => t.gradeId === 'no_leaks')?.status, 'not-run');
});

test('50 MB of output is capped, and the submission still scores', () => {
  const flood = get('edited-flood');
  assert.equal(points(flood).salt_pepper_tests, 2, 'the flooding cell still defines its function');
  assert.ok(
    flood.notes.some((n) => /output beyond \d+ bytes was dropped/.test(n)),
    flood.notes.join('\n'),
  );
  assert.ok(statSync(join(out, 'results', 'edited-flood', `${A}.json`)).size < 100_000);
});

test('process.exit() kills the kernel: recorded, later tests not run, earlier ones count', () => {
  const exits = get('exits');
  assert.equal(exits.status, 'kernel-died');
  assert.deepEqual(points(exits), {
    masking_tests: 2,
    masking_range: 1,
    salt_pepper_tests: 0,
    gaussian_tests: 0,
    no_leaks: 0,
  });
});

test('deleted and edited test cells are restored, scored honestly and reported', () => {
  const deleted = get('typeerror-deleted');
  assert.equal(points(deleted).masking_tests, 2, 'the restored test runs and passes on a correct answer');
  assert.deepEqual(deleted.tampering, ['deleted test cell masking_tests']);
  const edited = get('edited-flood');
  assert.equal(points(edited).masking_tests, 0, 'the edited test cannot pass an unanswered function');
  assert.deepEqual(edited.tampering, ['edited test cell masking_tests']);
  assert.match(readFileSync(join(out, 'feedback', 'edited-flood', `${A}.md`), 'utf8'), /Locked cells were changed/);
});

test('invalid JSON, a missing file and a wrong assignment name each get a row with 0 points', () => {
  const invalid = get('invalid');
  assert.equal(invalid.status, 'invalid-notebook');
  assert.match(invalid.notes[0], /02-corruption\.ipynb is not valid JSON/);
  assert.equal(invalid.tests.length, 5);
  assert.equal(get('wrongname').status, 'missing');
  const stray = get('wrongname', '02-corruptoin');
  assert.equal(stray.status, 'unknown-assignment');
  assert.match(stray.notes[0], /Known: 01-autoencoder, 02-corruption/);
  assert.equal(get('loop', '01-autoencoder').status, 'missing');
});

test('a rerun skips everything already graded', async () => {
  const again = await runTool('grade.ts', [subs, '--out', out]);
  assert.equal(again.status, 0, again.stderr);
  assert.doesNotMatch(again.stdout, /\d+\/\d+ .*in \d/);
  assert.equal((again.stdout.match(/already graded/g) ?? []).length, records.length);
});

test('Ctrl-C keeps what is graded, and the same command then grades only the rest', async () => {
  const few = mkdtempSync(join(tmpdir(), 'genmodels-subs-'));
  const grades = mkdtempSync(join(tmpdir(), 'genmodels-grades-'));
  for (const s of ['a', 'b']) writeSubmission(few, s, `${A}.ipynb`, filledIn(A));
  const interrupted = runTool('grade.ts', [few, '--out', grades, '--assignment', A, '--jobs', '1'], {}, (child) => {
    const poll = setInterval(() => {
      if (existsSync(join(grades, 'results', 'a', `${A}.json`))) {
        clearInterval(poll);
        child.kill('SIGINT');
      }
    }, 100);
  });
  const first = await interrupted;
  assert.equal(first.status, 130, first.stderr);
  assert.match(first.stdout, /Interrupted\. Everything graded so far is in/);
  assert.match(readFileSync(join(grades, 'gradebook.csv'), 'utf8'), /^a,02-corruption,[,\d]*,8,8,graded,$/m);
  const second = await runTool('grade.ts', [few, '--out', grades, '--assignment', A]);
  assert.match(second.stdout, /a\/02-corruption … already graded/);
  assert.match(second.stdout, /b\/02-corruption … 8\/8 in/);
  [few, grades].forEach((d) => rmSync(d, { recursive: true, force: true }));
});

test('bad command lines say what is wrong', async () => {
  const wrong = await runTool('grade.ts', [subs, '--assignment', 'nope']);
  assert.equal(wrong.status, 2);
  assert.match(wrong.stderr, /--assignment "nope" is not an assignment\. Known: 01-autoencoder/);
  const none = await runTool('grade.ts', [join(subs, 'missing-dir')]);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /is not a folder/);
});
