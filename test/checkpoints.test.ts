/**
 * Shipped checkpoints reproduce their figures, and `npm run checkpoint` makes them.
 *
 * For each checkpoints/NAME/metrics.json: `npm run eval -- checkpoints/NAME --json ...check.args`
 * must give every recorded figure of check.result within check.tolerance (tools/checkpoints/metrics.ts
 * states and justifies it); the weights hold no optimizer state; the README lists every checkpoint;
 * the folder stays under 30 MB. Every check is a few seconds (a test subset, few IWAE samples), so
 * all of them run in `npm test`.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareFigures } from '../lib/src/index';
import {
  METRICS_FILE,
  readAllMetrics,
  RUN_FIELDS,
  TOLERANCE,
  type CheckpointMetrics,
} from '../tools/checkpoints/metrics';
import { renderReadme } from '../tools/checkpoints/readme';
import { hasStackTrace, ROOT, runTool } from './helpers';

const SHIPPED = [
  'ae-2',
  'ae-32',
  'classifier',
  'cvae',
  'dae',
  'gated-pixelcnn',
  'gated-pixelcnn-conditional',
  'pixelcnn',
  'pixelcnn-conditional',
  'vae-2',
  'vae-20',
];
const MAX_BYTES = 40e6; // issue 24: checkpoints/ stays within 40 MB

const work = mkdtempSync(join(tmpdir(), 'genmodels-checkpoints-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** A fresh `npm run eval -- DIR --json ...check.args`. */
async function reproduce(dir: string, m: CheckpointMetrics): Promise<Record<string, unknown>> {
  const r = await runTool('eval.ts', [join(dir, m.name), '--json', ...m.check.args]);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

function mismatches(m: CheckpointMetrics, fresh: unknown): string[] {
  return compareFigures(m.check.result, fresh, { ...m.check.tolerance, ignore: RUN_FIELDS });
}

function folderBytes(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((s, e) => s + statSync(join(e.parentPath, e.name)).size, 0);
}

/** The invariants of a checkpoints folder; returns its metrics. */
function checkFolder(dir: string, expected: string[]): CheckpointMetrics[] {
  const all = readAllMetrics(dir);
  assert.deepEqual(
    all.map((m) => m.name),
    [...expected].sort(),
  );
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  for (const m of all) {
    assert.match(readme, new RegExp(`^\\| ${m.name} \\|`, 'm'), `README row for ${m.name}`);
    const modelJson = JSON.parse(readFileSync(join(dir, m.name, 'model.json'), 'utf8'));
    const names: string[] = modelJson.weightsManifest.flatMap((g: { weights: { name: string }[] }) =>
      g.weights.map((w) => w.name),
    );
    assert.equal(names.filter((n) => n.startsWith('optimizer/')).length, 0, `${m.name} holds optimizer weights`);
    assert.equal(modelJson.modelTopology.optimizer, undefined);
    assert.equal(
      m.sizeBytes,
      statSync(join(dir, m.name, 'model.json')).size + statSync(join(dir, m.name, 'weights.bin')).size,
    );
    assert.ok(
      m.check.tolerance.relative > 0 && m.check.tolerance.relative <= 1e-2,
      `${m.name}: tolerance ${JSON.stringify(m.check.tolerance)}`,
    );
  }
  assert.ok(folderBytes(dir) < MAX_BYTES, `${dir} is ${folderBytes(dir)} bytes, over ${MAX_BYTES}`);
  return all;
}

const shipped = join(ROOT, 'checkpoints');

test('the shipped checkpoints are all there, weights only, listed, under 40 MB', () => {
  checkFolder(shipped, SHIPPED);
});

for (const m of readAllMetrics(shipped)) {
  test(`checkpoints/${m.name} reproduces its figures (npm run eval -- checkpoints/${m.name} --json ${m.check.args.join(' ')})`, async () => {
    assert.deepEqual(mismatches(m, await reproduce(shipped, m)), []);
  });
}

/** A metrics.json as npm run checkpoint writes it, with only the fields the README reads filled in. */
function fakeMetrics(
  name: string,
  kind: string,
  test: Record<string, unknown>,
  extra: Partial<CheckpointMetrics> = {},
): CheckpointMetrics {
  const dynamic = kind === 'vae' || kind === 'cvae' || kind === 'pixelcnn';
  return {
    name,
    kind,
    config: { inputDim: 784, hidden: [512, 256], latentDim: 20, channels: 64, blocks: 5, numClasses: 0 },
    parameters: 1_070_000,
    sizeBytes: 2_150_000,
    weights: 'uint16',
    command: `npm run train -- ${kind} --seed 42`,
    seed: 42,
    data: {
      dataset: 'mnist',
      trainExamples: 55000,
      validationExamples: 5000,
      testExamples: 10000,
      binarization: { training: dynamic ? 'dynamic' : 'none', evaluation: dynamic ? 'stochastic' : 'none' },
    },
    training: {
      epochs: 30,
      batchSize: 128,
      learningRate: 1e-3,
      klWarmupEpochs: 0,
      seconds: 5400,
      stopped: 'completed',
      validation: [],
    },
    test: { kind, examples: 10000, ...test },
    check: { args: [], result: { kind, examples: 1000 }, tolerance: TOLERANCE },
    ...extra,
  };
}

test('the README puts published figures and the targets beside the rows, states binarization and how to retrain', () => {
  const readme = renderReadme([
    fakeMetrics('ae-2', 'ae', { bce: 140.123, meanSquaredError: 0.03812 }),
    fakeMetrics('vae-20', 'vae', { elbo: -93.4, logPx: -89.51, k: 1000 }),
    fakeMetrics(
      'pixelcnn',
      'pixelcnn',
      { nll: 84.2, bitsPerDim: 0.1549 },
      {
        training: {
          epochs: 1,
          partialEpoch: { steps: 812, of: 1719 },
          batchSize: 32,
          learningRate: 1e-3,
          klWarmupEpochs: 0,
          seconds: 5400,
          stopped: 'aborted',
          validation: [],
        },
      },
    ),
    fakeMetrics(
      'pixelcnn-conditional',
      'pixelcnn',
      { nll: 83.1, bitsPerDim: 0.1529 },
      { config: { channels: 64, blocks: 5, firstKernel: 21, numClasses: 10 } },
    ),
    fakeMetrics(
      'vae-2',
      'vae',
      { elbo: -140.2, logPx: -135.5, k: 1000 },
      { config: { inputDim: 784, hidden: [512, 256], latentDim: 2 } },
    ),
    fakeMetrics(
      'cvae',
      'cvae',
      { elbo: -95, classAccuracy: { accuracy: 0.931, samplesPerClass: 100 } },
      {
        gap: 'A larger latent would help.',
        training: {
          epochs: 30,
          batchSize: 128,
          learningRate: 1e-3,
          klWarmupEpochs: 0,
          seconds: 900,
          stopped: 'completed',
          validation: Array.from({ length: 30 }, (_, i) => ({
            epoch: i + 1,
            total: 130 - i,
            reconstruction: 0,
            kl: 0,
          })),
        },
      },
    ),
  ]);
  assert.match(
    readme,
    /^\| ae-2 \| ae, 784-512-256-20 .*\| BCE 140\.12 nats, MSE 0\.0381\/pixel \| — \| — \| 30 epochs, 1 h 30 min \| 2\.1 MB \|$/m,
  );
  assert.match(
    readme,
    /^\| vae-20 .*ELBO -93\.40; log p\(x\) ≥ -89\.51 \(IWAE k=1000\) \| −86\.76 \(Burda et al\. 2015/m,
  );
  assert.match(
    readme,
    /^\| pixelcnn \| .*NLL 84\.20 nats, 0\.1549 bits\/dim \| 81\.30 NLL \(van den Oord.*\| NLL ≤ 86: met \| 1 epoch \+ 812\/1719 steps, 1 h 30 min \|/m,
  );
  assert.match(readme, /^\| vae-20 .*\| log p\(x\) ≥ −90: met \|/m);
  assert.match(
    readme,
    /^\| vae-2 .*\(IWAE k=1000\) \| — \| — \| 30 epochs/m,
    "the published figure and the target are vae-20's",
  );
  assert.match(
    readme,
    /^\| cvae .*classified as the requested class 93\.1 % \(100 per class.*\| samples classified as their class ≥ 95 %: \*\*missed\*\* \|/m,
  );
  assert.match(
    readme,
    /^\| pixelcnn-conditional \| pixelcnn, 64 channels × 5 blocks, mask-A 21×21, class-conditional .* \| — \| — \|/m,
  );
  assert.match(
    readme,
    /vae-20, pixelcnn, pixelcnn-conditional, vae-2, cvae: trained on \*\*dynamic\*\* binarization.*one fixed stochastic binarization/,
  );
  assert.match(readme, /Total size: 12\.9 MB/);
  assert.match(readme, /- vae-20: `npm run train -- vae --seed 42`/);
  assert.match(readme, /without the Adam optimizer state/);
  // a missed target gets a section: the figures, the curve, and what would close the gap; met ones do not
  assert.match(
    readme,
    /^## Missed targets\n\n### cvae: samples classified as their class ≥ 95 %, missed\n\nTest figures: ELBO -95\.00; samples classified .*93\.1 %.*Validation curve: 1: 130\.00 · 4: 127\.00 · .* · 28: 103\.00 · 30: 101\.00\.\n\nA larger latent would help\.$/m,
  );
  assert.doesNotMatch(readme, /### (vae-20|pixelcnn|ae-2)/);
  assert.match(readme, /^- pixelcnn: no validation split recorded$/m);
});

function train(kind: string, out: string) {
  return runTool('train.ts', [
    kind,
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
    '5',
    '--out',
    out,
  ]);
}

test('npm run checkpoint exports a run: weights only, metrics.json, README, and the check reproduces', async () => {
  const [ae, vae] = [join(work, 'runs', 'ae'), join(work, 'runs', 'vae')];
  for (const [kind, out] of [
    ['ae', ae],
    ['vae', vae],
  ]) {
    const r = await train(kind, out);
    assert.equal(r.status, 0, r.stderr);
  }
  const out = join(work, 'checkpoints');
  const exported = await runTool('checkpoint.ts', [
    ae,
    '--name',
    'ae-tiny',
    '--out',
    out,
    '--limit',
    '400',
    '--',
    '--corruptions',
  ]);
  assert.equal(exported.status, 0, exported.stderr);
  const exportedVae = await runTool('checkpoint.ts', [
    vae,
    '--name',
    'vae-tiny',
    '--out',
    out,
    '--limit',
    '300',
    '--k',
    '4',
    '--check-k',
    '2',
  ]);
  assert.equal(exportedVae.status, 0, exportedVae.stderr);

  const [aeM, vaeM] = checkFolder(out, ['ae-tiny', 'vae-tiny']);
  const run = JSON.parse(readFileSync(join(ae, 'model.json'), 'utf8'));
  assert.deepEqual(
    [aeM.kind, aeM.command, aeM.seed, aeM.data.trainExamples, aeM.data.testExamples],
    ['ae', run.userDefinedMetadata.command, 5, 300, 400],
  );
  assert.deepEqual(aeM.data.binarization, { training: 'none', evaluation: 'none' });
  assert.deepEqual(vaeM.data.binarization, { training: 'dynamic', evaluation: 'stochastic' });
  assert.equal(aeM.training.validation.length, 1);
  assert.equal(aeM.test.denoising && (aeM.test.denoising as unknown[]).length, 3);
  assert.deepEqual([vaeM.test.k, vaeM.check.result.k, vaeM.check.result.examples], [4, 2, 300]);
  // the run holds float32 weights, Adam's two moments per weight and its step count (3 × 4 bytes per
  // weight + 4); the checkpoint 2 bytes per weight
  assert.equal(aeM.weights, 'uint16');
  assert.equal(statSync(join(out, 'ae-tiny', 'weights.bin')).size * 6 + 4, statSync(join(ae, 'weights.bin')).size);

  for (const m of [aeM, vaeM]) {
    const fresh = await reproduce(out, m);
    assert.deepEqual(mismatches(m, fresh), [], m.name);
    // and the check can fail: a recorded figure off by 1% is caught
    const tampered = structuredClone(m);
    tampered.check.result.bce = (m.check.result.bce as number) * 1.01;
    assert.match(mismatches(tampered, fresh).join('\n'), /\$\.bce: expected/);
  }
});

test('npm run checkpoint fails with one clear line and leaves nothing half-written', async () => {
  const out = join(work, 'errors');
  mkdirSync(out, { recursive: true });
  const missing = await runTool('checkpoint.ts', [join(work, 'no-such-run'), '--name', 'x', '--out', out]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /error: No checkpoint at .*no-such-run/);

  const corrupt = join(work, 'corrupt');
  mkdirSync(corrupt, { recursive: true });
  writeFileSync(join(corrupt, 'model.json'), '{"modelTopology": ');
  const bad = await runTool('checkpoint.ts', [corrupt, '--name', 'x', '--out', out]);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /model\.json is not valid JSON/);

  const noName = await runTool('checkpoint.ts', [corrupt]);
  assert.equal(noName.status, 2);
  assert.match(noName.stderr, /--name must be a folder name/);

  cpSync(join(work, 'checkpoints', 'ae-tiny'), join(out, 'ae-tiny'), { recursive: true });
  const exists = await runTool('checkpoint.ts', [join(work, 'runs', 'ae'), '--name', 'ae-tiny', '--out', out]);
  assert.equal(exists.status, 2);
  assert.match(exists.stderr, /ae-tiny exists already\. Pass --force/);

  // an evaluation that fails (a bad eval flag) leaves neither a new folder nor a temporary one
  const evalFails = await runTool('checkpoint.ts', [
    join(work, 'runs', 'ae'),
    '--name',
    'ae-new',
    '--out',
    out,
    '--limit',
    '50',
    '--',
    '--bogus',
  ]);
  assert.equal(evalFails.status, 1);
  assert.match(evalFails.stderr, /the evaluation failed/);
  assert.deepEqual(readdirSync(out), ['ae-tiny']);
  assert.ok(existsSync(join(out, 'ae-tiny', METRICS_FILE)));

  // an interrupt during the evaluation stops it and leaves nothing behind either. The VAE's full IWAE
  // evaluation (k = 100, 10,000 images) runs for over 10 s, so 4 s in it is busy; an orphaned one would
  // hold the inherited stderr open, and runTool returns only when every holder has closed it
  let killedAt = 0;
  const killed = await runTool(
    'checkpoint.ts',
    [join(work, 'runs', 'vae'), '--name', 'vae-new', '--out', out],
    {},
    (child) =>
      child.stdout!.on(
        'data',
        (d) =>
          String(d).includes('evaluating') && setTimeout(() => ((killedAt = Date.now()), child.kill('SIGTERM')), 4000),
      ),
  );
  assert.equal(killed.status, 143, killed.stderr);
  assert.match(killed.stderr, /vae-new: interrupted by SIGTERM; .*vae-new is as it was\./);
  assert.deepEqual(readdirSync(out), ['ae-tiny']);
  assert.ok(
    Date.now() - killedAt < 2000,
    `the evaluation it started ran on ${Date.now() - killedAt} ms after the interrupt`,
  );

  const forced = await runTool('checkpoint.ts', [
    join(work, 'runs', 'ae'),
    '--name',
    'ae-tiny',
    '--out',
    out,
    '--limit',
    '50',
    '--force',
  ]);
  assert.equal(forced.status, 0, forced.stderr);
  assert.equal(readAllMetrics(out)[0].data.testExamples, 50);

  const empty = await runTool('checkpoint.ts', ['--readme', '--out', join(work, 'empty')]);
  assert.equal(empty.status, 2);
  assert.match(empty.stderr, /holds no checkpoint/);
  for (const r of [missing, bad, noName, exists, evalFails, empty]) assert.ok(!hasStackTrace(r.stderr), r.stderr);
});
