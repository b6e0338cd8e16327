/**
 * The classifier through the CLI on a tiny slice of MNIST: train, eval (test accuracy on grey
 * levels and binarized), the class accuracy of a cvae's samples with --classifier, and its errors.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasStackTrace } from './helpers';

const root = join(__dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'genmodels-cli-classifier-'));
after(() => rmSync(work, { recursive: true, force: true }));
const [clf, cvae] = [join(work, 'classifier'), join(work, 'cvae')];

function run(tool: string, args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'tools', `${tool}.ts`), ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('train classifier and eval report its test accuracy, on grey levels and binarized', () => {
  const train = run('train', [
    'classifier',
    '--epochs',
    '2',
    '--limit',
    '600',
    '--validation',
    '100',
    '--hidden',
    '32',
    '--batch',
    '50',
    '--lr',
    '0.003',
    '--seed',
    '3',
    '--out',
    clf,
  ]);
  assert.equal(train.status, 0, train.stderr);
  const meta = JSON.parse(readFileSync(join(clf, 'model.json'), 'utf8'));
  assert.deepEqual(
    [meta.modelTopology.kind, meta.modelTopology.config.hidden, meta.userDefinedMetadata.training.binarize],
    ['classifier', [32], 'dynamic'],
  );

  const evaluation = run('eval', [clf, '--json', '--limit', '300']);
  assert.equal(evaluation.status, 0, evaluation.stderr);
  const r = JSON.parse(evaluation.stdout);
  assert.deepEqual([r.kind, r.examples, r.binarize], ['classifier', 300, 'none']);
  // 600 images, 2 epochs: far above chance (10%), below perfect
  assert.ok(r.accuracy > 0.6 && r.accuracy < 1, JSON.stringify(r));
  assert.ok(r.stochastic.accuracy > 0.4, JSON.stringify(r));
  assert.ok(r.crossEntropy > 0 && r.crossEntropy < Math.log(10), 'cross-entropy below that of a uniform guess');
});

test("eval --classifier adds the class accuracy of a cvae's samples", () => {
  const train = run('train', [
    'cvae',
    '--epochs',
    '1',
    '--limit',
    '200',
    '--validation',
    '50',
    '--hidden',
    '16',
    '--latent',
    '2',
    '--batch',
    '50',
    '--seed',
    '4',
    '--out',
    cvae,
  ]);
  assert.equal(train.status, 0, train.stderr);
  const evaluation = run('eval', [
    cvae,
    '--json',
    '--limit',
    '50',
    '--k',
    '0',
    '--classifier',
    clf,
    '--per-class',
    '5',
  ]);
  assert.equal(evaluation.status, 0, evaluation.stderr);
  const { classAccuracy: r } = JSON.parse(evaluation.stdout);
  assert.equal(r.samplesPerClass, 5);
  assert.equal(r.classifier, clf);
  assert.deepEqual(
    r.confusion.map((row: number[]) => row.reduce((s, v) => s + v, 0)),
    new Array(10).fill(5),
  );
  assert.equal(r.accuracy, r.confusion.reduce((s: number, row: number[], c: number) => s + row[c], 0) / 50);
  const text = run('eval', [cvae, '--limit', '50', '--k', '0', '--classifier', clf, '--per-class', '2']);
  assert.match(text.stdout, /class accuracy of samples\s+\d+\.\d% \(2 per class/);
});

test('--classifier errors say what is wrong in one line', () => {
  const cases: [string[], number, RegExp][] = [
    [[cvae, '--classifier', join(work, 'missing')], 1, /error: --classifier: No checkpoint at .*missing/],
    [
      [cvae, '--classifier', cvae],
      1,
      /error: --classifier .*cvae holds a cvae checkpoint, not a classifier. Train one with: npm run train -- classifier/,
    ],
    [[clf, '--classifier', clf], 1, /error: classAccuracy: a classifier is not conditional/],
    [[cvae, '--per-class', '3'], 2, /error: --per-class needs --classifier DIR/],
  ];
  for (const [args, status, message] of cases) {
    const r = run('eval', args);
    assert.equal(r.status, status, r.stderr);
    assert.match(r.stderr, message);
    assert.ok(!hasStackTrace(r.stderr), r.stderr);
  }
});
