/**
 * The bench table's ratio is to PyTorch at its faster thread setting: on a small VM its per-op
 * threading can make the all-cores run several times slower than one thread, and a ratio to that
 * run would flatter ours.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarize } from '../bench/report';

const rates = (...xs: number[]) => xs.map((rate) => ({ rate, unit: 'examples/s', peakMB: 100 }));

test('the ratio is to the faster of PyTorch on every core and on one thread, from medians', () => {
  const rows = summarize('vae-train', {
    wasm: rates(100, 120, 110),
    pytorch: rates(50, 70, 60),
    'pytorch-1-thread': rates(200, 220, 210),
  });
  const ratio = (b: string) => rows.find((r) => r.backend === b)!.ratio!;
  assert.equal(ratio('wasm'), 110 / 210);
  assert.equal(ratio('pytorch'), 60 / 210);
  assert.equal(ratio('pytorch-1-thread'), 1);
});

test('with one PyTorch row (one thread given, or one core) the ratio is to it; failed runs are left out', () => {
  const rows = summarize('vae-train', { wasm: [...rates(100, 110), { error: 'exit 1' }], pytorch: rates(50, 70) });
  assert.equal(rows.find((r) => r.backend === 'wasm')!.ratio, 105 / 60);
  assert.equal(rows.find((r) => r.backend === 'wasm')!.reps, 2);
});
