import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { progressBar, summary } from './progress';
import type { EpochRecord, StepInfo } from './callbacks';

const record: EpochRecord = {
  epoch: 2,
  beta: 1,
  seconds: 41.23,
  complete: true,
  train: { total: 104.214, reconstruction: 80.1, kl: 24.114 },
  validation: { total: 103.9, reconstruction: 80, kl: 23.9 },
};

test('the epoch summary names the terms, or just the loss for autoencoders', () => {
  assert.equal(
    summary(record),
    'epoch 3: train 104.21 (rec 80.10, kl 24.11) | validation 103.90 (rec 80.00, kl 23.90) | 41.2 s',
  );
  const ae = { ...record, validation: undefined, complete: false, train: { total: 12.5, reconstruction: 12.5, kl: 0 } };
  assert.equal(summary(ae), 'epoch 3: train 12.50 | 41.2 s (stopped mid-epoch)');
});

function capture(isTTY: boolean) {
  const stream = Object.assign(new PassThrough(), {
    isTTY,
    columns: 120,
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
  }) as unknown as NodeJS.WriteStream;
  let text = '';
  (stream as unknown as PassThrough).on('data', (d) => (text += d));
  return { stream, text: () => text };
}

const step = (s: number): StepInfo => ({
  epoch: 0,
  epochs: 2,
  step: s,
  stepsPerEpoch: 2,
  globalStep: s + 1,
  beta: 1,
  loss: { total: 10 + s, reconstruction: 8, kl: 2 + s },
});

test('on a terminal the bar shows the running loss; elsewhere only summaries are written', async () => {
  for (const isTTY of [true, false]) {
    const out = capture(isTTY);
    const bar = progressBar({ stream: out.stream });
    bar.onStep!(step(0));
    bar.onStep!(step(1));
    bar.onEpochEnd!(
      { ...record, epoch: 0 },
      { epochs: 2, history: { epochs: [], globalStep: 2, stopped: 'completed' } },
    );
    await new Promise((r) => setImmediate(r));
    const text = out.text();
    assert.match(text, /epoch 1: train 104\.21/);
    if (isTTY) assert.match(text, /epoch 1\/2 .*2\/2 \| loss 10\.50 \(rec 8\.00, kl 2\.50\)/);
    else assert.doesNotMatch(text, /loss 10\.50/);
  }
});

test('the bar ends with the status text when one is given', async () => {
  const out = capture(true);
  const bar = progressBar({ stream: out.stream, status: () => 'saved 12:03:44' });
  bar.onStep!(step(0));
  bar.onStep!(step(1));
  bar.onTrainEnd!({ epochs: [], globalStep: 2, stopped: 'completed' });
  await new Promise((r) => setImmediate(r));
  assert.match(out.text(), /2\/2 \| loss .* \| \d+s \| saved 12:03:44/);
});

test('a bar that starts mid-epoch (a resumed run) averages the steps it saw', async () => {
  const out = capture(true);
  const bar = progressBar({ stream: out.stream });
  bar.onStep!({ ...step(1), stepsPerEpoch: 4 });
  bar.onTrainEnd!({ epochs: [], globalStep: 2, stopped: 'completed' });
  await new Promise((r) => setImmediate(r));
  assert.match(out.text(), /2\/4 \| loss 11\.00 \(rec 8\.00, kl 3\.00\)/);
});
