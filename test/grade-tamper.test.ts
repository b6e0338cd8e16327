/**
 * The tampering report without false alarms (issue #22, point 5), and the shape of the graded
 * notebook the guard needs (point 2), for every assignment, without a kernel: restoring a
 * submission is pure, so these run in well under a second.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listAssignments } from '../tools/exercises';
import { sourceOf, toLines, type Notebook } from '../tools/nbgrader';
import { restoreSubmission } from '../tools/grading/restore';
import { topLevel } from '../tools/grading/rewrite';
import { filledIn, read, withSource, without } from './helpers/submissions';
import { withExtraCell } from './helpers/hostile-forge';

const restore = (a: string, nb: Notebook) => restoreSubmission(read('solutions', a), nb, `solutions/${a}.ipynb`);

/** What Jupyter on another platform may do to a notebook it re-saves: CRLF, trailing spaces, a final newline. */
function resaved(nb: Notebook): Notebook {
  for (const c of nb.cells) c.source = toLines(`${sourceOf(c).replace(/\n/g, '  \r\n')}\r\n\r\n`);
  return nb;
}

for (const a of listAssignments()) {
  test(`${a}: the exercise, the filled-in solution and the solution itself are never tampered`, () => {
    assert.deepEqual(restore(a, read('exercises', a)).tampering, []);
    assert.deepEqual(restore(a, filledIn(a)).tampering, []);
    assert.deepEqual(restore(a, read('solutions', a)).tampering, []);
    assert.deepEqual(restore(a, resaved(read('exercises', a))).tampering, [], 'a re-saved exercise');
  });
}

test('each real edit of a locked cell is named, in notebook order', () => {
  const nb = withSource(read('exercises', '03-vae-loss'), 'kl_tests', '{ assert.ok(true); }');
  withSource(
    nb,
    'setup',
    `${sourceOf(nb.cells.find((c) => c.metadata.nbgrader?.grade_id === 'setup')!)}\nconst extra = 1;`,
  );
  without(nb, 'reparameterize_seed');
  assert.deepEqual(restore('03-vae-loss', nb).tampering, [
    'edited read-only cell setup',
    'deleted test cell reparameterize_seed',
    'edited test cell kl_tests',
  ]);
});

test('an edit wrapped in hidden-test markers is still an edit', () => {
  const nb = read('exercises', '03-vae-loss');
  const kl = sourceOf(nb.cells.find((c) => c.metadata.nbgrader?.grade_id === 'kl_tests')!);
  withSource(nb, 'kl_tests', `${kl.slice(0, -1)}  // BEGIN HIDDEN TESTS\n  assert.ok(true);\n  // END HIDDEN TESTS\n}`);
  assert.deepEqual(restore('03-vae-loss', nb).tampering, ['edited test cell kl_tests']);
});

test('the graded notebook: the prelude before any student cell, a capture after each locked cell, guarded tests', () => {
  const nb = withExtraCell(filledIn('03-vae-loss'), 'setup', 'const early = 1;');
  nb.cells.unshift({
    cell_type: 'code',
    metadata: {},
    source: ['const first = 1;'],
    outputs: [],
    execution_count: null,
  });
  const { notebook } = restore('03-vae-loss', nb);
  const code = notebook.cells.filter((c) => c.cell_type === 'code').map(sourceOf);
  assert.match(code[0], /^await globalThis\.eval\(/, 'the prelude is the first code cell');
  const config = JSON.parse(code[0].slice(code[0].lastIndexOf('(require, ') + 10, -2));
  assert.deepEqual(
    config.sequence.map((s: { kind: string; id: string }) => `${s.kind}:${s.id}`),
    ['capture:setup', 'test:reparameterize_noise', 'test:reparameterize_seed', 'test:kl_tests', 'test:neg_elbo_tests'],
  );
  assert.deepEqual(config.answers, ['reparameterize', 'klToStdNormal', 'negativeElbo']);
  assert.equal(code[1], 'const first = 1;');
  assert.match(code[3], /__genmodelsGuard\.capture\("setup", \["SEED"\]\)/);
  const kl = code.find((c) => c.includes('.test("kl_tests"'))!;
  assert.match(kl, /^await async function \(\) \{/);
  assert.match(kl, /async \(gm: __G\d+, tf: __G\d+, .*\bassert: __G\d+, .*\bSEED: __G\d+, .*\bMath: __G\d+/);
  assert.match(kl, /"use strict";\nfunction assertClose\(/, 'the helpers are re-declared inside the test');
  assert.match(kl, /BEGIN HIDDEN TESTS/, 'the hidden tests are restored');
});

test('topLevel tells values to capture from helpers to re-declare', () => {
  const model = sourceOf(
    read('solutions', '04-elbo-iwae').cells.find((c) => c.metadata.nbgrader?.grade_id === 'model')!,
  );
  const top = topLevel(model);
  assert.deepEqual(top.values, ['model', 'x', 'logPx', 'post', 'm', 's']);
  assert.deepEqual(
    top.decls.map((d) => d.match(/^(?:function|const) (\w+)/)?.[1]),
    ['logTerms', 'klGauss'],
  );
  const setup = topLevel(
    "import * as gm from 'genmodels';\nimport { tf as t } from 'genmodels';\nimport assert from 'node:assert/strict';\nconst [p, { q }] = [1, { q: 2 }];",
  );
  assert.deepEqual(
    setup.imports.map((i) => `${i.name}=${i.kind}:${i.imported}@${i.spec}`),
    ['gm=namespace:*@genmodels', 't=named:tf@genmodels', 'assert=default:default@node:assert/strict'],
  );
  assert.deepEqual(setup.values, ['p', 'q']);
});
