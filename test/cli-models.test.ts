/**
 * The train → eval → sample commands end to end on a tiny slice of MNIST, and their errors:
 * one line saying what to do, no stack trace.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';

const root = join(__dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'genmodels-cli-'));
after(() => rmSync(work, { recursive: true, force: true }));

function run(tool: string, args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'tools', `${tool}.ts`), ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('train, eval --json and sample work on a tiny run', () => {
  const out = join(work, 'cvae');
  const train = run('train', [
    'cvae',
    '--epochs',
    '1',
    '--limit',
    '300',
    '--validation',
    '100',
    '--hidden',
    '32',
    '--latent',
    '2',
    '--batch',
    '50',
    '--seed',
    '3',
    '--out',
    out,
  ]);
  assert.equal(train.status, 0, train.stderr);
  assert.ok(
    existsSync(join(out, 'model.json')) &&
      existsSync(join(out, 'weights.bin')) &&
      existsSync(join(out, 'metrics.json')),
  );
  const meta = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')).userDefinedMetadata;
  assert.deepEqual(
    [meta.seed, meta.data.dataset, meta.training.binarize, meta.history.epochs.length],
    [3, 'mnist', 'dynamic', 1],
  );
  assert.match(meta.command, /npm run train -- cvae --epochs 1/);

  const evaluation = run('eval', [out, '--json', '--limit', '100', '--k', '5']);
  assert.equal(evaluation.status, 0, evaluation.stderr);
  const report = JSON.parse(evaluation.stdout);
  assert.equal(report.examples, 100);
  assert.ok(report.elbo < 0 && report.logPx < 0 && report.logPx >= report.elbo - 1, JSON.stringify(report));

  const file = join(work, 'grid.png');
  const sample = run('sample', [out, '--n', '6', '--class', '7', '--out', file]);
  assert.equal(sample.status, 0, sample.stderr);
  const png = PNG.sync.read(readFileSync(file));
  // 3 × 2 cells of 56 px (28 px at scale 2) with 2 px gaps between them
  assert.deepEqual([png.width, png.height], [3 * 56 + 2 * 2, 2 * 56 + 1 * 2]);
});

test('bad command lines and checkpoints fail with one clear line', () => {
  const noModel = run('train', ['gan']);
  assert.equal(noModel.status, 2);
  assert.match(
    noModel.stderr,
    /error: the first argument must be a model: ae \| dae \| vae \| cvae \| pixelcnn \| gated-pixelcnn \| classifier, got "gan"/,
  );
  assert.match(noModel.stderr, /usage: npm run train/);
  const badFlag = run('train', ['vae', '--epochs', 'two']);
  assert.match(badFlag.stderr, /--epochs must be an integer ≥ 1, got "two"/);
  const missing = run('eval', [join(work, 'nothing-here')]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /error: No checkpoint at .*nothing-here/);
  assert.doesNotMatch(missing.stderr, /\n\s+at /, 'no stack trace');
});
