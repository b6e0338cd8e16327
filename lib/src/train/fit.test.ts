import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../models/registry';
import { MODEL_KINDS } from '../models/types';
import { VAE } from '../models/vae';
import type { StepInfo } from './callbacks';
import { fit, TrainingDivergedError } from './fit';
import { INTERRUPTED, InterruptedError } from '../interrupt';
import { expectNoLeak, uniform, useCpu, values } from '../../../test/helpers/models';

before(useCpu);

const D = 16;
const tiny = { inputDim: D, hidden: [8], latentDim: 2, numClasses: 3, channels: 4, blocks: 1, firstKernel: 3 }; // the last three size the PixelCNN

function data(n: number, seed = 1) {
  const c = tf.tidy(
    () =>
      tf
        .oneHot(
          tf.tensor1d(
            Array.from({ length: n }, (_, i) => i % 3),
            'int32',
          ),
          3,
        )
        .toFloat() as tf.Tensor2D,
  );
  return { x: uniform(n, D, seed), c };
}

test('training lowers the loss and records a history with validation metrics', async () => {
  const vae = new VAE({ ...tiny, seed: 2 });
  const history = await fit(vae, data(200), { epochs: 4, batchSize: 20, learningRate: 0.01, validation: data(50, 3) });
  assert.equal(history.epochs.length, 4);
  assert.equal(history.globalStep, 40);
  assert.equal(history.stopped, 'completed');
  const [first, last] = [history.epochs[0], history.epochs[3]];
  assert.ok(last.train.total < first.train.total, `${last.train.total} < ${first.train.total}`);
  assert.ok(last.validation!.total < first.validation!.total);
  assert.ok(Math.abs(last.train.total - last.train.reconstruction - last.train.kl) < 1e-3, 'β = 1: total = rec + kl');
  vae.dispose();
});

test('the same seed gives the same weights', async () => {
  const run = async () => {
    const m = new VAE({ ...tiny, seed: 2 });
    await fit(m, data(60), { epochs: 2, batchSize: 20, seed: 7 });
    const w = m.params.list().map(values);
    m.dispose();
    return w;
  };
  assert.deepEqual(await run(), await run());
});

test('KL warm-up ramps β linearly from 0 to the model β', async () => {
  const vae = new VAE({ ...tiny, beta: 2 });
  const betas: number[] = [];
  await fit(vae, data(40), {
    epochs: 3,
    batchSize: 10,
    klWarmupEpochs: 2,
    callbacks: { onStep: (s: StepInfo) => void betas.push(s.beta) },
  });
  assert.deepEqual(
    betas.map((b) => +b.toFixed(6)),
    [0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2, 2, 2, 2],
  );
  vae.dispose();
});

test('a callback returning stop, or an abort, ends training with a usable model', async () => {
  const vae = new VAE({ ...tiny });
  const stopped = await fit(vae, data(100), {
    epochs: 5,
    batchSize: 10,
    callbacks: { onStep: (s) => (s.globalStep === 3 ? 'stop' : undefined) },
  });
  assert.deepEqual(
    [stopped.stopped, stopped.globalStep, stopped.epochs.length, stopped.epochs[0].complete],
    ['callback', 3, 1, false],
  );
  const controller = new AbortController();
  const aborted = await fit(vae, data(100), {
    epochs: 5,
    batchSize: 10,
    signal: controller.signal,
    callbacks: { onStep: (s) => void (s.step === 1 && controller.abort()) },
  });
  assert.deepEqual([aborted.stopped, aborted.globalStep], ['aborted', 2]);
  assert.ok(values(vae.reconstruct(uniform(3, D, 5))).every(Number.isFinite));
  vae.dispose();
});

test('an abort from a timer (like Ctrl-C) reaches a running fit between steps', async () => {
  const vae = new VAE({ ...tiny });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 30);
  const history = await fit(vae, data(400), { epochs: 20, batchSize: 4, signal: controller.signal });
  assert.equal(history.stopped, 'aborted');
  assert.ok(history.globalStep > 0 && history.globalStep < 2000, `stopped after ${history.globalStep} of 2000 steps`);
  vae.dispose();
});

test('a NaN loss stops training naming epoch and step, and keeps the last finite weights', async () => {
  const vae = new VAE({ ...tiny });
  const bad = data(30);
  const x = tf.concat([bad.x.slice([0, 0], [25, D]), tf.fill([5, D], NaN)]) as tf.Tensor2D; // rows 25..29 are NaN
  let weights = vae.params.list().map(values); // updated after every successful step
  const failure = fit(
    vae,
    { x },
    { epochs: 3, batchSize: 10, callbacks: { onStep: () => void (weights = vae.params.list().map(values)) }, seed: 1 },
  );
  await assert.rejects(
    failure,
    (e: Error) => e instanceof TrainingDivergedError && /NaN at epoch 1, step \d.*learning rate/.test(e.message),
  );
  assert.deepEqual(vae.params.list().map(values), weights, 'the failing step was not applied');
  vae.dispose();
});

for (const kind of MODEL_KINDS) {
  test(`no tensor leak across 100 training steps (${kind})`, async () => {
    const model = buildModel(kind, { ...tiny, seed: 3 });
    const [train, validation] = [data(400), data(8, 2)];
    await expectNoLeak(() => fit(model, train, { epochs: 1, batchSize: 4, validation }));
    model.dispose();
  });
}

test("the notebook's interrupt button stops a running fit, leaving a usable model", async () => {
  const vae = new VAE({ ...tiny, seed: 2 });
  let steps = 0;
  const g = globalThis as { [INTERRUPTED]?: () => boolean };
  g[INTERRUPTED] = () => steps >= 3; // what the kernel installs: "has this cell been interrupted?"
  try {
    await assert.rejects(
      fit(vae, data(200), { epochs: 5, batchSize: 20, callbacks: { onStep: () => void steps++ } }),
      InterruptedError,
    );
  } finally {
    delete g[INTERRUPTED];
  }
  assert.equal(steps, 3, 'stopped right after the step that saw the interrupt');
  const z = tf.tidy(() => vae.encode(data(4).x).zMean);
  assert.ok(values(z).every(Number.isFinite), 'the model still encodes');
  z.dispose();
  vae.dispose();
});
