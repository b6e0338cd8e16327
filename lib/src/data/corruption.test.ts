import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { corrupt, gaussianNoise, maskingNoise, saltAndPepper } from './corruption';

const N = 20000; // pixels per check; binomial σ of a fraction ≤ √(0.25/20000) ≈ 0.0035
const half = () => tf.fill([20, 1000], 0.5) as tf.Tensor2D;
const frac = (t: tf.Tensor, pred: (v: number) => boolean) => (t.dataSync() as Float32Array).filter(pred).length / N;

test('gaussian noise adds N(0, σ²) and clips to [0, 1]', () => {
  const x = half();
  const noisy = gaussianNoise(x, { std: 0.1, seed: 1 }); // 0.5 ± 5σ: clipping never reached
  const d = tf.sub(noisy, x);
  const m = d.mean().dataSync()[0];
  const s = tf.moments(d).variance.sqrt().dataSync()[0];
  assert.ok(Math.abs(m) < 4 * (0.1 / Math.sqrt(N)), `mean ${m}`);
  assert.ok(Math.abs(s - 0.1) < 0.005, `std ${s}`);
  const wild = gaussianNoise(x, { std: 3, seed: 1 });
  assert.ok(wild.min().dataSync()[0] === 0 && wild.max().dataSync()[0] === 1, 'clipped to [0, 1]');
  tf.dispose([x, noisy, d, wild]);
});

test('masking zeroes a fraction ν of pixels and leaves the rest unchanged', () => {
  const x = half();
  const m = maskingNoise(x, { fraction: 0.3, seed: 2 });
  assert.ok(Math.abs(frac(m, (v) => v === 0) - 0.3) < 0.015);
  assert.equal(
    frac(m, (v) => v !== 0 && v !== 0.5),
    0,
  );
  tf.dispose([x, m]);
});

test('salt-and-pepper sets ν/2 of pixels to 0 and ν/2 to 1', () => {
  const x = half();
  const s = saltAndPepper(x, { fraction: 0.4, seed: 3 });
  assert.ok(Math.abs(frac(s, (v) => v === 0) - 0.2) < 0.015);
  assert.ok(Math.abs(frac(s, (v) => v === 1) - 0.2) < 0.015);
  assert.ok(Math.abs(frac(s, (v) => v === 0.5) - 0.6) < 0.015);
  tf.dispose([x, s]);
});

test('each corruption is seeded, pure, leak-free, and corrupt() dispatches to it', () => {
  const x = half();
  const before = tf.memory().numTensors;
  const cases = [
    [{ kind: 'gaussian', std: 0.2 }, (s: number) => gaussianNoise(x, { std: 0.2, seed: s })],
    [{ kind: 'masking', fraction: 0.5 }, (s: number) => maskingNoise(x, { fraction: 0.5, seed: s })],
    [{ kind: 'salt-and-pepper', fraction: 0.5 }, (s: number) => saltAndPepper(x, { fraction: 0.5, seed: s })],
  ] as const;
  for (const [spec, direct] of cases) {
    const a = corrupt(x, spec, 11);
    const b = direct(11);
    const c = direct(12);
    assert.equal(tf.memory().numTensors, before + 3, `${spec.kind}: only the results are new tensors`);
    assert.deepEqual(a.dataSync(), b.dataSync(), `${spec.kind}: same seed, same noise`);
    assert.notDeepEqual(a.dataSync(), c.dataSync(), `${spec.kind}: another seed, other noise`);
    tf.dispose([a, b, c]);
  }
  assert.ok(
    x.dataSync().every((v) => v === 0.5),
    'the input is untouched',
  );
  x.dispose();
});

test('invalid parameters are rejected with the allowed range', () => {
  const x = half();
  assert.throws(() => maskingNoise(x, { fraction: 1.5, seed: 1 }), /fraction must be in \[0, 1\], got 1.5/);
  assert.throws(() => gaussianNoise(x, { std: -1, seed: 1 }), /std must be ≥ 0/);
  assert.throws(() => corrupt(x, { kind: 'blur' } as never, 1), /unknown kind "blur"/);
  x.dispose();
});
