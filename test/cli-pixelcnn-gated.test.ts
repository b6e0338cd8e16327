/**
 * `npm run train -- gated-pixelcnn` (unconditional and --class-conditional), eval (exact NLL,
 * bits/dim, the class accuracy of samples), checkpoint (16-bit weights, metrics.json, README row)
 * sample (fast and naive give the same grid) and train --grow, end to end on a tiny slice of MNIST on the cpu
 * backend, as cli-pixelcnn.test.ts does for the plain PixelCNN.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';

const root = join(__dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'genmodels-cli-gated-'));
after(() => rmSync(work, { recursive: true, force: true }));

function run(tool: string, args: string[]) {
  const env = { ...process.env, GENMODELS_BACKEND: 'cpu' };
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'tools', `${tool}.ts`), ...args], {
    cwd: root,
    encoding: 'utf8',
    env,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tiny = [
  '--channels',
  '4',
  '--blocks',
  '1',
  '--first-kernel',
  '3',
  '--epochs',
  '1',
  '--limit',
  '100',
  '--validation',
  '20',
  '--batch',
  '50',
  '--seed',
  '3',
];

test('train gated-pixelcnn, eval prints the exact NLL, checkpoint ships it with a README row, fast and naive samples agree', () => {
  const out = join(work, 'gated');
  const train = run('train', ['gated-pixelcnn', ...tiny, '--out', out]);
  assert.equal(train.status, 0, train.stderr);
  assert.match(train.stdout, /gated-pixelcnn: \d+ parameters, 100 training \/ 20 validation examples of mnist/);
  const topology = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
  const { kind, config } = topology.modelTopology;
  assert.deepEqual(
    [
      kind,
      config.channels,
      config.blocks,
      config.firstKernel,
      config.numClasses,
      topology.userDefinedMetadata.training.binarize,
    ],
    ['gated-pixelcnn', 4, 1, 3, 0, 'dynamic'],
  );

  const evaluation = run('eval', [out, '--json', '--limit', '50']);
  assert.equal(evaluation.status, 0, evaluation.stderr);
  const report = JSON.parse(evaluation.stdout);
  assert.deepEqual([report.kind, report.examples, report.binarize], ['gated-pixelcnn', 50, 'stochastic']);
  assert.equal(report.nll, report.loss.total);
  assert.ok(Math.abs(report.bitsPerDim - report.nll / (784 * Math.LN2)) < 1e-9);
  assert.ok(report.nll > 0 && report.nll < 784 * Math.LN2 * 1.5, `${report.nll} nats`);

  const shipped = join(work, 'checkpoints');
  const exported = run('checkpoint', [out, '--name', 'gated-pixelcnn', '--out', shipped, '--limit', '40']);
  assert.equal(exported.status, 0, exported.stderr);
  const metrics = JSON.parse(readFileSync(join(shipped, 'gated-pixelcnn', 'metrics.json'), 'utf8'));
  assert.deepEqual([metrics.kind, metrics.weights, metrics.test.examples], ['gated-pixelcnn', 'uint16', 40]);
  const readme = readFileSync(join(shipped, 'README.md'), 'utf8');
  assert.match(
    readme,
    /\| gated-pixelcnn \| gated-pixelcnn, 4 channels × \(1 \+ 1\) gated layers, first 3×3 .*79\.20 NLL .*NLL ≤ 84: \*\*missed\*\*/,
  );

  const [fast, naive] = [join(work, 'fast.png'), join(work, 'naive.png')];
  const a = run('sample', [join(shipped, 'gated-pixelcnn'), '--n', '2', '--seed', '5', '--out', fast]);
  assert.equal(a.status, 0, a.stderr);
  assert.match(a.stdout, /2 gated-pixelcnn samples \(seed 5/);
  assert.equal(
    run('sample', [join(shipped, 'gated-pixelcnn'), '--n', '2', '--seed', '5', '--naive', '--out', naive]).status,
    0,
  );
  assert.deepEqual(PNG.sync.read(readFileSync(naive)).data, PNG.sync.read(readFileSync(fast)).data);
  const wrong = run('sample', [out, '--n', '1', '--class', '3', '--out', fast]);
  assert.equal(wrong.status, 2);
  assert.match(
    wrong.stderr,
    /--class needs a cvae or class-conditional pixelcnn checkpoint; .* holds an unconditional gated-pixelcnn/,
  );
});

test('train gated-pixelcnn --class-conditional: samples of a class, and eval --classifier judges them', () => {
  const out = join(work, 'gated-conditional');
  const train = run('train', ['gated-pixelcnn', '--class-conditional', ...tiny, '--out', out]);
  assert.equal(train.status, 0, train.stderr);
  assert.equal(JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')).modelTopology.config.numClasses, 10);
  const png = join(work, 'sevens.png');
  const sampled = run('sample', [out, '--n', '2', '--class', '7', '--seed', '1', '--out', png]);
  assert.equal(sampled.status, 0, sampled.stderr);
  assert.match(sampled.stdout, /2 gated-pixelcnn samples of class 7 \(seed 1/);

  const judge = join(work, 'classifier');
  assert.equal(
    run('train', [
      'classifier',
      '--epochs',
      '1',
      '--limit',
      '200',
      '--validation',
      '20',
      '--batch',
      '100',
      '--out',
      judge,
    ]).status,
    0,
  );
  const evaluation = run('eval', [out, '--json', '--limit', '20', '--classifier', judge, '--per-class', '1']);
  assert.equal(evaluation.status, 0, evaluation.stderr);
  const report = JSON.parse(evaluation.stdout);
  assert.equal(report.classAccuracy.samplesPerClass, 1);
  assert.equal(
    report.classAccuracy.confusion.flat().reduce((s: number, n: number) => s + n, 0),
    10,
  );
  assert.ok(report.nll > 0);
});

test('train --grow widens the first field: the grown checkpoint starts at the same NLL, keeps the history, then trains on', () => {
  const out = join(work, 'narrow');
  assert.equal(run('train', ['gated-pixelcnn', ...tiny, '--out', out]).status, 0);
  const [same, trained] = [join(work, 'grown-untrained'), join(work, 'grown')];
  const grown = run('train', ['--grow', out, '--first-kernel', '7', '--epochs', '1', '--out', same]);
  assert.equal(grown.status, 0, grown.stderr);
  assert.match(grown.stdout, /grown from .*narrow: 3 → 7 first field/);
  assert.match(grown.stdout, /nothing to train: 1 epoch is complete/);
  const nll = (dir: string) => JSON.parse(run('eval', [dir, '--json', '--limit', '30']).stdout).nll as number;
  assert.ok(Math.abs(nll(same) - nll(out)) < 1e-4, `${nll(same)} vs ${nll(out)} nats`);

  assert.equal(run('train', ['--grow', out, '--first-kernel', '7', '--epochs', '2', '--out', trained]).status, 0);
  const meta = JSON.parse(readFileSync(join(trained, 'model.json'), 'utf8'));
  assert.equal(meta.modelTopology.config.firstKernel, 7);
  assert.deepEqual(meta.userDefinedMetadata.grown, [{ epochs: 1, firstKernel: [3, 7] }]);
  assert.equal(meta.userDefinedMetadata.history.epochs.filter((e: { complete: boolean }) => e.complete).length, 2);
  assert.match(meta.userDefinedMetadata.command, /--out .*narrow && npm run train -- --grow .*narrow --first-kernel 7/);

  for (const [args, message] of [
    [['--first-kernel', '7'], /--grow needs --out NEW_DIR/],
    [['--first-kernel', '7', '--out', out], /--grow needs --out NEW_DIR/],
    [['--out', same], /--grow needs --first-kernel K/],
    [['--first-kernel', '7', '--channels', '8', '--out', same], /drop --channels/],
    [['--first-kernel', '1', '--out', same], /only grow, not shrink from 3 to 1/],
  ] as const) {
    const refused = run('train', ['--grow', out, ...args]);
    assert.equal(refused.status, 2, refused.stderr);
    assert.match(refused.stderr, message);
  }
});
