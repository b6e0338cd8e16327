/**
 * `npm run train` interrupted mid-epoch (Ctrl-C, or kill -9 after a periodic --save-every save)
 * and continued with `--resume DIR` ends with the same weights, Adam state and history as an
 * uninterrupted run: weights.bin byte for byte (tolerance 0).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTool } from './helpers';

const work = mkdtempSync(join(tmpdir(), 'genmodels-resume-cli-'));
after(() => rmSync(work, { recursive: true, force: true }));

// 50 steps per epoch (0.2–0.3 s here on wasm), a periodic save every 0.03 s
const args = (out: string) => [
  'vae',
  '--epochs',
  '2',
  '--limit',
  '1000',
  '--validation',
  '100',
  '--hidden',
  '32',
  '--latent',
  '2',
  '--batch',
  '20',
  '--seed',
  '3',
  '--save-every',
  '0.0005',
  '--out',
  out,
];

interface Saved {
  weights: Buffer;
  topology: { optimizer: unknown };
  history: { globalStep: number; epochs: { complete: boolean; seconds?: number }[] };
}

function read(dir: string): Saved {
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  return {
    weights: readFileSync(join(dir, 'weights.bin')),
    topology: json.modelTopology,
    history: json.userDefinedMetadata.history,
  };
}

/** The history without wall times. */
const comparable = (h: Saved['history']) => ({
  globalStep: h.globalStep,
  epochs: h.epochs.map(({ seconds: _, ...rest }) => rest),
});

/** Start a run and send `signal` right after it reports a periodic save at step 1–39 of its first
 * epoch: Ctrl-C then still stops mid-epoch, and the next save is 0.03 s away (a kill -9 inside a
 * save is covered by fs-handler's test). */
function interrupt(out: string, signal: NodeJS.Signals) {
  return runTool('train.ts', args(out), {}, (child: ChildProcess) => {
    let log = '';
    child.stderr!.on('data', (d) => {
      log += d;
      if (/saved .* at epoch 1, step ([1-9]|[1-3]\d) of 50/.test(log) && !child.killed) child.kill(signal);
    });
  });
}

let straight: Saved;
before(async () => {
  const run = await runTool('train.ts', args(join(work, 'straight')));
  assert.equal(run.status, 0, run.stderr);
  straight = read(join(work, 'straight'));
});

for (const signal of ['SIGINT', 'SIGKILL'] as const) {
  test(`a run stopped mid-epoch by ${signal} and resumed ends with the uninterrupted weights`, async () => {
    const out = join(work, signal);
    const stopped = await interrupt(out, signal);
    assert.equal(stopped.status, signal === 'SIGINT' ? 0 : null, stopped.stderr);
    const saved = read(out).history;
    assert.ok(
      saved.globalStep > 0 && saved.globalStep < 100 && !saved.epochs.at(-1)!.complete,
      `saved mid-epoch: ${JSON.stringify(comparable(saved))}`,
    );

    const resumed = await runTool('train.ts', ['--resume', out]);
    assert.equal(resumed.status, 0, resumed.stderr);
    const [epoch, step] = [saved.epochs.length, (saved.globalStep % 50) + 1];
    assert.match(resumed.stdout, new RegExp(`resuming .* at epoch ${epoch}, step ${step} of 50\\n`));
    const final = read(out);
    assert.ok(final.weights.equals(straight.weights), 'weights.bin (parameters and Adam moments) identical');
    assert.deepEqual(final.topology.optimizer, straight.topology.optimizer, "Adam's config and bias-correction powers");
    assert.deepEqual(comparable(final.history), comparable(straight.history));
  });
}

test('--resume with --lr continues with the new step size: recorded in the command, the options and the Adam config', async () => {
  const [same, decayed] = [join(work, 'same'), join(work, 'decayed')];
  for (const [out, extra] of [
    [same, []],
    [decayed, ['--lr', '0.0002']],
  ] as const) {
    const r = await runTool('train.ts', ['--resume', join(work, 'straight'), '--epochs', '3', '--out', out, ...extra]);
    assert.equal(r.status, 0, r.stderr);
  }
  const json = JSON.parse(readFileSync(join(decayed, 'model.json'), 'utf8'));
  assert.equal(json.modelTopology.optimizer.config.learningRate, 0.0002);
  assert.equal(json.userDefinedMetadata.training.learningRate, 0.0002);
  assert.match(
    json.userDefinedMetadata.command,
    /--seed 3 .* && npm run train -- --resume .*straight --epochs 3 --out .*decayed --lr 0\.0002$/,
  );
  assert.equal(read(decayed).history.epochs.length, 3);
  assert.ok(!read(decayed).weights.equals(read(same).weights), 'the third epoch took smaller steps');
  const zero = await runTool('train.ts', ['--resume', join(work, 'straight'), '--lr', '0']);
  assert.equal(zero.status, 2);
  assert.match(zero.stderr, /--lr must be a positive number, got "0"/);
});
