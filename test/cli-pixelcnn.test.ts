/**
 * `npm run train -- pixelcnn --class-conditional`, eval (exact NLL, bits/dim) and sample (fast and
 * naive give the same grid) end to end on a tiny slice of MNIST, on the cpu backend: stock wasm
 * cannot train a conv net (no Conv2DBackpropFilter).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';

const root = join(__dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'genmodels-cli-pixelcnn-'));
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

test('train pixelcnn --class-conditional --first-kernel 5, eval prints the exact NLL and bits/dim, fast and naive samples agree', () => {
  const out = join(work, 'pixelcnn');
  const train = run('train', [
    'pixelcnn',
    '--class-conditional',
    '--channels',
    '4',
    '--blocks',
    '1',
    '--first-kernel',
    '5',
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
    '--out',
    out,
  ]);
  assert.equal(train.status, 0, train.stderr);
  const topology = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
  const { kind, config } = topology.modelTopology;
  assert.deepEqual(
    [kind, config.numClasses, config.firstKernel, topology.userDefinedMetadata.training.binarize],
    ['pixelcnn', 10, 5, 'dynamic'],
  );

  const evaluation = run('eval', [out, '--json', '--limit', '50']);
  assert.equal(evaluation.status, 0, evaluation.stderr);
  const report = JSON.parse(evaluation.stdout);
  assert.deepEqual([report.examples, report.binarize], [50, 'stochastic']);
  assert.equal(report.nll, report.loss.total);
  assert.ok(Math.abs(report.bitsPerDim - report.nll / (784 * Math.LN2)) < 1e-9);
  assert.ok(report.nll > 0 && report.nll < 784 * Math.LN2 * 1.5, `${report.nll} nats`);
  assert.match(
    run('eval', [out, '--limit', '20']).stdout,
    /exact NLL −log p\(x\) +[\d.]+ nats per image, [\d.]+ bits\/dim \(published PixelCNN: 81\.30 nats/,
  );

  const [fast, naive] = [join(work, 'fast.png'), join(work, 'naive.png')];
  const a = run('sample', [out, '--n', '3', '--class', '7', '--seed', '5', '--out', fast]);
  assert.equal(a.status, 0, a.stderr);
  assert.match(a.stdout, /3 pixelcnn samples of class 7 \(seed 5/);
  assert.equal(run('sample', [out, '--n', '3', '--class', '7', '--seed', '5', '--naive', '--out', naive]).status, 0);
  assert.deepEqual(PNG.sync.read(readFileSync(naive)).data, PNG.sync.read(readFileSync(fast)).data);
});

test('a pixelcnn flag on another model fails with one clear line', () => {
  const wrong = run('train', ['vae', '--blocks', '3']);
  assert.equal(wrong.status, 2);
  assert.match(wrong.stderr, /error: --blocks is a pixelcnn option; vae does not take it/);
});

test('an even --first-kernel fails with one clear line: a causal mask needs a centre tap', () => {
  const wrong = run('train', ['pixelcnn', '--first-kernel', '8']);
  assert.equal(wrong.status, 2);
  assert.match(wrong.stderr, /error: --first-kernel must be odd \(3, 5, 7…\) so the mask has a centre, got 8/);
});
