/**
 * Parity of the wasm `Conv2DBackpropFilter` (new) and `Conv2DBackpropInput` (replaced) kernels
 * with the cpu backend, through the public ops that use them: conv2d's gradients, conv2dTranspose
 * and its gradients. Shapes cover odd/even sizes, strides 1 and 2 (and unequal), same, valid and
 * explicit padding, 1×1 to 11×11 filters, and both ways of computing the filter gradient (few input
 * channels at stride 1: one convolution; otherwise one matmul per tap). Tolerance: |Δ| ≤ 1e-4 + 1e-4·|cpu| (float32).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { assertParity, explicitPad, randn, wasmAndCpu } from '../test/parity';
import { backpropFilterInPlace } from './conv-grad';
import { type Pad, registered } from './kernels';

before(wasmAndCpu);

interface Case {
  x: [number, number, number, number];
  f: [number, number, number, number];
  s: [number, number];
  pad: 'same' | 'valid' | Pad;
}

const CASES: Case[] = [
  { x: [2, 7, 7, 3], f: [3, 3, 3, 4], s: [1, 1], pad: 'same' },
  { x: [2, 7, 7, 3], f: [3, 3, 3, 4], s: [1, 1], pad: 'valid' },
  { x: [2, 8, 8, 3], f: [3, 3, 3, 5], s: [2, 2], pad: 'same' },
  { x: [1, 9, 8, 2], f: [3, 3, 2, 3], s: [2, 2], pad: 'valid' },
  { x: [2, 9, 9, 4], f: [5, 5, 4, 2], s: [2, 2], pad: 'same' },
  { x: [1, 10, 9, 2], f: [4, 2, 2, 3], s: [1, 2], pad: 'same' },
  { x: [2, 6, 6, 8], f: [1, 1, 8, 6], s: [1, 1], pad: 'valid' },
  { x: [1, 12, 12, 1], f: [7, 7, 1, 6], s: [1, 1], pad: 'same' }, // PixelCNN's first layer
  { x: [3, 14, 13, 1], f: [11, 11, 1, 5], s: [1, 1], pad: 'same' }, // a large mask-A kernel: the filter gradient as one convolution
  { x: [2, 9, 9, 4], f: [5, 5, 4, 3], s: [1, 1], pad: 'valid' }, // the most channels that take that path
  { x: [2, 9, 9, 5], f: [5, 5, 5, 3], s: [1, 1], pad: 'valid' }, // one more: per-tap matmuls
  {
    x: [1, 7, 6, 2],
    f: [3, 3, 2, 2],
    s: [1, 1],
    pad: explicitPad(2, 0, 1, 1),
  }, // causal-style
  { x: [2, 7, 7, 8], f: [3, 3, 8, 8], s: [1, 1], pad: 'same' }, // C % 4 = 0, O % 8 = 0: the filter gradient by wgrad.wat
  {
    x: [3, 9, 8, 12],
    f: [2, 3, 12, 16],
    s: [1, 1],
    pad: explicitPad(1, 0, 1, 1),
  }, // a cropped mask-B layer, by wgrad.wat
  { x: [2, 8, 9, 8], f: [3, 2, 8, 16], s: [1, 1], pad: 'valid' }, // wgrad.wat, valid
  { x: [2, 8, 8, 8], f: [3, 3, 8, 8], s: [2, 2], pad: 'same' }, // stride 2: per-tap matmuls on x's phases
  { x: [1, 11, 10, 2], f: [3, 3, 2, 3], s: [3, 3], pad: 'valid' }, // stride 3: 9 phases, rows padded up to a multiple of 3
  { x: [2, 7, 10, 3], f: [2, 4, 3, 8], s: [3, 2], pad: 'same' }, // unequal strides, odd side
  { x: [4, 14, 14, 16], f: [3, 3, 16, 32], s: [2, 2], pad: 'same' }, // the conv autoencoder's second layer
  {
    x: [2, 9, 9, 1],
    f: [4, 7, 1, 8],
    s: [1, 1],
    pad: explicitPad(3, 0, 3, 3),
  }, // a cropped 7×7 mask-A layer: in place, the taps as channels
  { x: [2, 9, 9, 3], f: [3, 3, 3, 16], s: [1, 1], pad: 'valid' }, // 3 channels, in place
  { x: [3, 8, 11, 1], f: [3, 5, 1, 16], s: [1, 1], pad: 'same' }, // one channel, in place: 5 taps a row, computed as 8
  {
    x: [2, 6, 6, 1],
    f: [2, 4, 1, 8],
    s: [1, 1],
    pad: explicitPad(1, 0, 2, 1),
  }, // one channel, 4 taps a row
  {
    x: [2, 14, 13, 1],
    f: [6, 11, 1, 8],
    s: [1, 1],
    pad: explicitPad(5, 0, 5, 5),
  }, // one channel, 66 taps (a cropped 11×11 mask A): still in place
];

const label = (c: Case) => `x ${c.x} f ${c.f} s ${c.s} pad ${JSON.stringify(c.pad)}`;

test('Conv2DBackpropFilter and Conv2DBackpropInput are genmodels kernels on wasm', () => {
  assert.ok(registered.has('Conv2DBackpropFilter') && registered.has('Conv2DBackpropInput'));
});

test('conv2d: values and both gradients match cpu', async () => {
  for (const [k, c] of CASES.entries()) {
    await assertParity(`conv2d ${label(c)}`, () => {
      const x = randn(c.x, 10 + k),
        w = randn(c.f, 20 + k);
      const y = tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.s, c.pad);
      const r = randn(y.shape, 30 + k); // random cotangent: L = Σ y·r
      const [dx, dw] = tf.grads((x: tf.Tensor, w: tf.Tensor) =>
        tf
          .conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.s, c.pad)
          .mul(r)
          .sum(),
      )([x, w]);
      return [y, dx, dw];
    });
  }
});

test('conv2dTranspose: values and both gradients match cpu', async () => {
  for (const [k, c] of CASES.filter((c) => typeof c.pad === 'string').entries()) {
    await assertParity(`conv2dTranspose ${label(c)}`, () => {
      const w = randn(c.f, 40 + k);
      const yShape = tf.conv2d(tf.zeros(c.x) as tf.Tensor4D, w as tf.Tensor4D, c.s, c.pad).shape;
      const dy = randn(yShape, 50 + k);
      const f = (dy: tf.Tensor, w: tf.Tensor) =>
        tf.conv2dTranspose(dy as tf.Tensor4D, w as tf.Tensor4D, c.x, c.s, c.pad as 'same' | 'valid');
      const out = f(dy, w);
      const r = randn(out.shape, 60 + k);
      const [ddy, dw] = tf.grads((dy: tf.Tensor, w: tf.Tensor) => f(dy, w).mul(r).sum())([dy, w]);
      return [out, ddy, dw];
    });
  }
});

test('NCHW conv gradients are a clear error on wasm, not a wrong answer', async () => {
  await tf.setBackend('wasm');
  const x = tf.zeros([1, 5, 5, 2]),
    dy = tf.zeros([1, 5, 5, 3]);
  const kernel = tf.getKernel('Conv2DBackpropFilter', 'wasm');
  assert.throws(
    () =>
      kernel.kernelFunc({
        inputs: { x, dy },
        backend: tf.backend(),
        attrs: { strides: 1, pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 2, 3] },
      }),
    /NHWC only; found NCHW/,
  );
  tf.dispose([x, dy]);
});

test('the in-place filter gradient computes only the listed taps (one channel, and eight), the rest 0', async () => {
  await tf.setBackend('wasm');
  for (const C of [1, 8]) {
    const xPad = randn([2, 7, 10, 1 * C], 70 + C),
      dy = randn([2, 6, 8, 8], 80 + C); // a 2×3 filter, 'valid' on xPad
    const backend = tf.backend() as Parameters<typeof backpropFilterInPlace>[0];
    const info = (t: tf.Tensor) => ({ dataId: t.dataId, shape: t.shape, dtype: t.dtype });
    const full = tf.engine().makeTensorFromTensorInfo(backpropFilterInPlace(backend, info(xPad), info(dy), [2, 3])!);
    const some = tf
      .engine()
      .makeTensorFromTensorInfo(backpropFilterInPlace(backend, info(xPad), info(dy), [2, 3], [0, 2, 4])!);
    const mask = tf.tensor4d([1, 0, 1, 0, 1, 0], [2, 3, 1, 1]);
    const want = tf.mul(full, mask);
    const plain = (t: tf.Tensor) => Array.from(t.dataSync(), (v) => v + 0); // −0 (0 × a negative) is 0
    assert.deepEqual(plain(some), plain(want), `C ${C}`);
    assert.ok(tf.max(tf.abs(want)).dataSync()[0] > 0);
    tf.dispose([xPad, dy, full, some, mask, want]);
  }
});
