/**
 * Tests a submission cannot forge (issue #22, points 2 and 3), end to end through `npm run grade`
 * on assignment 03-vae-loss, in ONE grading run of hostile submissions (test/helpers/hostile-forge.ts).
 * Each hostile one is "wrong answers + a trick" or "the library's own answer"; with the trick
 * blocked every test fails, so each asserts the exact score 0 and why it failed. Beside them: the
 * solution (filled in, and the solution notebook submitted as is) keeps 9/9 with no tampering, and
 * correct answers that use library code calling the asked-for functions internally keep 9/9.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRecords, type GradeRecord } from '../tools/grading/gradebook';
import { runTool } from './helpers';
import * as H from './helpers/hostile-forge';
import { filledIn, read, withSource, writeSubmission } from './helpers/submissions';

const { A } = H;
const subs = mkdtempSync(join(tmpdir(), 'genmodels-forge-'));
const out = mkdtempSync(join(tmpdir(), 'genmodels-forge-grades-'));
after(() => [subs, out].forEach((d) => rmSync(d, { recursive: true, force: true })));

const students = {
  solution: filledIn(A),
  'solution-as-is': read('solutions', A),
  exercise: read('exercises', A),
  delegates: H.delegates(),
  'delegates-deep': H.delegatesDeep(),
  internals: H.usesLibraryInternals(),
  'noop-assert': H.noopAssert(),
  // also edits a test cell: tampering is named, and the original runs anyway
  'noop-helpers': withSource(H.noopHelpers(), 'kl_tests', '{ assert.ok(true); }'),
  'patched-tf-math': H.patchedTfMath(),
  'shadow-pollute': H.shadowAndPollute(),
  'patched-runtime': H.patchedRuntime(),
  'steals-hook': H.stealsHook(),
  'declares-globalthis': H.declaresGlobalThis(),
};
for (const [s, nb] of Object.entries(students)) writeSubmission(subs, s, `${A}.ipynb`, nb);

let records: GradeRecord[];
const get = (student: string): GradeRecord => {
  const r = records.find((x) => x.student === student);
  assert.ok(r, `no record for ${student}`);
  return r;
};
const feedback = (student: string) => readFileSync(join(out, 'feedback', student, `${A}.md`), 'utf8');
/** Every test scored 0, and each failure's text matches `why`. */
function allZero(student: string, why: RegExp | ((gradeId: string) => RegExp)): void {
  const r = get(student);
  assert.equal(r.status, 'graded', r.notes.join('\n'));
  assert.equal(
    r.total,
    0,
    `${student} scored ${r.total}/${r.max}: ${r.tests.map((t) => `${t.gradeId} ${t.status}`).join(', ')}`,
  );
  assert.equal(r.tests.length, 4);
  for (const t of r.tests)
    assert.match(t.error ?? '', typeof why === 'function' ? why(t.gradeId) : why, `${student}/${t.gradeId}`);
}
const WRONG = /AssertionError: .*(largest difference|expected .* got 0)/;

test('one grading run over the hostile submissions finishes', async () => {
  const run = await runTool('grade.ts', [subs, '--out', out, '--assignment', A, '--jobs', '2']);
  assert.equal(run.status, 0, run.stderr);
  records = loadRecords(out);
  assert.equal(records.length, Object.keys(students).length);
});

test('the solution scores 9/9 untampered, filled in or submitted as is (hidden tests and all)', () => {
  for (const s of ['solution', 'solution-as-is']) {
    const r = get(s);
    assert.equal(r.total, 9, `${s}: ${r.tests.map((t) => `${t.gradeId}: ${t.error}`).join('\n')}`);
    assert.deepEqual(r.tampering, [], s);
    assert.doesNotMatch(feedback(s), /Locked cells were changed/);
  }
  const ex = get('exercise');
  assert.equal(ex.total, 0);
  assert.deepEqual(ex.tampering, []);
  for (const t of ex.tests) assert.match(t.error ?? '', /Not implemented/);
});

test('answers that call genmodels.reparameterize, klToStdNormal, negativeElbo score 0 and are named', () => {
  const asked = {
    reparameterize_noise: 'reparameterize',
    reparameterize_seed: 'reparameterize',
    kl_tests: 'klToStdNormal',
    neg_elbo_tests: 'negativeElbo',
  };
  const why = (id: string) =>
    new RegExp(`^Error: calls genmodels\\.${asked[id as keyof typeof asked]}, which this exercise asks you to write`);
  allZero('delegates', why);
  assert.match(feedback('delegates'), /calls genmodels\.negativeElbo, which this exercise asks you to write/);
  // through require('genmodels'), a reference stashed before any test, a deep import of lib/dist
  allZero('delegates-deep', why);
});

test('library code that calls the asked-for functions internally (gm.VAE.loss) is no delegation', () => {
  const r = get('internals');
  assert.equal(r.total, 9, r.tests.map((t) => `${t.gradeId}: ${t.error}`).join('\n'));
});

test('wrong answers + assert.ok/deepEqual/equal replaced by no-ops score 0', () => allZero('noop-assert', WRONG));

test('wrong answers + assertClose/assertAllClose redeclared as no-ops score 0; the edited test cell is named', () => {
  allZero('noop-helpers', WRONG);
  assert.deepEqual(get('noop-helpers').tampering, ['edited test cell kl_tests']);
});

test('wrong answers + tf.max and Math.abs replaced score 0', () => allZero('patched-tf-math', WRONG));

test('wrong answers + tf and Math redeclared, array iteration and Number.isFinite poisoned score 0', () =>
  allZero('shadow-pollute', WRONG));

test('a re-registered TF.js kernel fails every test and says what changed', () => {
  allZero('patched-runtime', /the submission changed TensorFlow\.js itself \(replaced kernelRegistry:\w+_Max\)/);
});

test("a cell that calls the grader's test hook itself to steal pristine references gains nothing", () => {
  allZero('steals-hook', /the grader's test hook was called out of order/);
});

test('a cell that declares globalThis is not run, and the feedback says why', () => {
  const r = get('declares-globalthis');
  assert.equal(r.total, 9, 'the answers are correct; only the hostile cell was dropped');
  assert.ok(
    r.notes.some((n) => /your code cell \d+ was not run: it declares globalThis, which the grader reserves/.test(n)),
    r.notes.join('\n'),
  );
});
