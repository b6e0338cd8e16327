/**
 * Exact resuming: training stopped at any step, saved with saveCheckpoint, loaded with
 * loadCheckpoint and continued by fit ends with the same weights (bit for bit, tolerance 0) and
 * the same history as an uninterrupted run with the same seed.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Binarization, ImageSet } from '../data';
import { buildModel } from '../models/registry';
import type { ModelKind } from '../models/types';
import type { EpochRecord, History } from './callbacks';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';
import { fit, type FitOptions } from './fit';
import type { TrainData } from './source';
import { uniform, useCpu, values } from '../../../test/helpers/models';

const root = mkdtempSync(join(tmpdir(), 'genmodels-resume-'));
let dirs = 0;
before(useCpu);
after(() => rmSync(root, { recursive: true, force: true }));

const tiny = { inputDim: 9, hidden: [6], latentDim: 2, numClasses: 3, seed: 4 };

/** 50 grey 3×3 images (so dynamic binarization draws differ per epoch), labels i mod 3. */
function greySet(): ImageSet {
  const images = Uint8Array.from({ length: 50 * 9 }, (_, j) => (j * 97 + 31) % 256);
  return {
    name: 'grey',
    images,
    labels: Uint8Array.from({ length: 50 }, (_, i) => i % 3),
    n: 50,
    height: 3,
    width: 3,
    numClasses: 3,
  };
}

interface Case {
  kind: ModelKind;
  data: TrainData;
  binarize: Binarization;
  stopAt: number; // global step after which the first run stops; 5 steps per epoch
}

const options = (binarize: Binarization): FitOptions => ({
  epochs: 3,
  batchSize: 10,
  seed: 5,
  learningRate: 0.01,
  binarize,
  klWarmupEpochs: 1.5,
  validation: { x: uniform(12, 9, 8) },
});

/** What must match: everything in the records except wall time. */
const comparable = (h: History) => ({
  globalStep: h.globalStep,
  epochs: h.epochs.map(({ seconds: _, ...rest }: EpochRecord) => rest),
});

async function straight(c: Case) {
  const model = buildModel(c.kind, tiny);
  const history = await fit(model, c.data, options(c.binarize));
  const weights = model.params.list().map(values);
  model.dispose();
  return { weights, history };
}

async function stoppedAndResumed(c: Case) {
  const model = buildModel(c.kind, tiny);
  const optimizer = tf.train.adam(0.01);
  const stopped = await fit(model, c.data, {
    ...options(c.binarize),
    optimizer,
    callbacks: { onStep: (s) => (s.globalStep === c.stopAt ? 'stop' : undefined) },
  });
  const dir = join(root, `run${dirs++}`);
  await saveCheckpoint(model, dir, { history: stopped }, optimizer);
  [model, optimizer].forEach((x) => x.dispose());
  const loaded = await loadCheckpoint(dir);
  const firstSteps: number[] = [];
  const history = await fit(loaded.model, c.data, {
    ...options(c.binarize),
    optimizer: loaded.optimizer,
    history: loaded.info.history,
    callbacks: { onStep: (s) => void firstSteps.push(s.step) },
  });
  const weights = loaded.model.params.list().map(values);
  loaded.model.dispose();
  loaded.optimizer?.dispose();
  return { weights, history, stopped, resumedAtStep: firstSteps[0] };
}

const cases: [string, Case][] = [
  ['vae (step noise), stopped mid-epoch', { kind: 'vae', data: { x: uniform(50, 9, 7) }, binarize: 'none', stopAt: 7 }],
  [
    'vae with dynamic binarization, stopped mid-epoch',
    { kind: 'vae', data: greySet(), binarize: 'dynamic', stopAt: 8 },
  ],
  ['ae with dynamic binarization, stopped mid-epoch', { kind: 'ae', data: greySet(), binarize: 'dynamic', stopAt: 3 }],
  [
    'vae with dynamic binarization, stopped at an epoch boundary',
    { kind: 'vae', data: greySet(), binarize: 'dynamic', stopAt: 10 },
  ],
];

for (const [name, c] of cases) {
  test(`stop → save → load → resume gives the uninterrupted weights and history exactly: ${name}`, async () => {
    const [a, b] = [await straight(c), await stoppedAndResumed(c)];
    assert.equal(b.stopped.globalStep, c.stopAt);
    assert.equal(b.resumedAtStep, c.stopAt % 5, 'continues at the next step of the stopped epoch');
    assert.deepEqual(b.weights, a.weights);
    assert.deepEqual(comparable(b.history), comparable(a.history));
    assert.equal(b.history.epochs.length, 3);
  });
}

test('an old history (no step count) reruns the stopped epoch from its first batch, which changes the result', async () => {
  const c = cases[1][1];
  const model = buildModel(c.kind, tiny);
  const optimizer = tf.train.adam(0.01);
  const stopped = await fit(model, c.data, {
    ...options(c.binarize),
    optimizer,
    callbacks: { onStep: (s) => (s.globalStep === c.stopAt ? 'stop' : undefined) },
  });
  const last = stopped.epochs.at(-1)!;
  assert.deepEqual([last.complete, last.steps], [false, 3]);
  delete last.steps; // a history from before step counts: the epoch is dropped and run again
  const seen: number[] = [];
  const old = await fit(model, c.data, {
    ...options(c.binarize),
    optimizer,
    history: stopped,
    callbacks: { onStep: (s) => void seen.push(s.step) },
  });
  assert.equal(seen[0], 0);
  assert.equal(old.globalStep, c.stopAt + 10);
  assert.notDeepEqual(model.params.list().map(values), (await straight(c)).weights);
  [model, optimizer].forEach((x) => x.dispose());
});
