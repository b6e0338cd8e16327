import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canvasCsv, gradescopeResults } from './exports';
import type { GradeRecord } from './gradebook';

const record = (student: string, assignment: string, total: number, extra: Partial<GradeRecord> = {}): GradeRecord => ({
  student,
  assignment,
  status: 'graded',
  tests: [
    {
      gradeId: 'a_tests',
      points: total,
      maxPoints: 3,
      status: total === 3 ? 'passed' : 'failed',
      ...(total === 3 ? {} : { error: 'AssertionError: off by one' }),
    },
  ],
  total,
  max: 3,
  tampering: [],
  notes: [],
  seconds: 12.4,
  ...extra,
});

test('a Gradescope results.json holds the score, each test and why it failed', () => {
  const r = JSON.parse(
    gradescopeResults(
      record('alice', '03-vae-loss', 1, { status: 'timeout', notes: ['the notebook ran out of time'] }),
    ),
  );
  assert.equal(r.score, 1);
  assert.equal(r.execution_time, 12);
  assert.match(r.output, /^Score: 1 \/ 3 \(status: timeout\)\nthe notebook ran out of time$/);
  assert.deepEqual(r.tests, [
    {
      name: 'a_tests',
      score: 1,
      max_score: 3,
      status: 'failed',
      output: 'AssertionError: off by one',
      visibility: 'visible',
    },
  ]);
  const ok = JSON.parse(gradescopeResults(record('bob', '03-vae-loss', 3)));
  assert.equal(ok.tests[0].status, 'passed');
  assert.equal(ok.tests[0].output, '');
});

test('the Canvas CSV has its identity columns, points possible, and one column per assignment', () => {
  const csv = canvasCsv([record('bob', '02-x', 3), record('alice, jr', '01-y', 2), record('alice, jr', '02-x', 0)])
    .trim()
    .split('\n');
  assert.deepEqual(csv, [
    'Student,ID,SIS User ID,SIS Login ID,Section,01-y,02-x',
    'Points Possible,,,,,3,3',
    '"alice, jr",,,"alice, jr",,2,0',
    'bob,,,bob,,,3',
  ]);
});
