/**
 * tapConv2d: on wasm (wgrad.wat's conv and wgrad, only the listed taps) it matches the cpu
 * backend's conv2d(x, w ⊙ 1_T) in value and both gradients, for cropped causal layers, 'valid' and
 * other explicit paddings, and shapes the wasm kernels do not take (which fall back). It skips the
 * unlisted taps even where the filter is not 0 there, and the filter's gradient is 0 at them. With a
 * bias (added as the wasm kernel stores y) the value and the bias's gradient match too.
 * Tolerance: |Δ| ≤ 1e-4 + 1e-4·|cpu| (float32 sums in another order).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { assertParity, randn, wasmAndCpu } from '../test/parity';
import type { Pad } from './kernels';
import { runs, tapConv2d } from './tapconv';

before(wasmAndCpu);

interface Case {
  x: [number, number, number, number];
  f: [number, number, number, number];
  taps: number[];
  pad: Pad;
  fast: boolean;
}
const all = (n: number) => [...Array(n).keys()];
const CASES: Case[] = [
  {
    x: [2, 8, 8, 8],
    f: [2, 3, 8, 16],
    taps: [0, 1, 2, 3, 4],
    pad: [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 0],
    ],
    fast: true,
  }, // mask B 3×3, cropped
  {
    x: [3, 6, 12, 16],
    f: [4, 7, 16, 8],
    taps: all(24),
    pad: [
      [0, 0],
      [3, 0],
      [3, 3],
      [0, 0],
    ],
    fast: true,
  }, // mask A 7×7, cropped
  {
    x: [2, 9, 8, 8],
    f: [3, 1, 8, 8],
    taps: [0, 1],
    pad: [
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
    ],
    fast: true,
  }, // 'valid'
  {
    x: [2, 9, 10, 8],
    f: [2, 3, 8, 8],
    taps: [0, 1, 2, 3, 4],
    pad: [
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
    ],
    fast: false,
  }, // 'valid', width 10 (∂L/∂x's lines): falls back
  {
    x: [1, 7, 8, 8],
    f: [3, 3, 8, 8],
    taps: [0, 4, 8, 2],
    pad: [
      [0, 0],
      [1, 2],
      [2, 0],
      [0, 0],
    ],
    fast: true,
  }, // any taps, uneven padding
  {
    x: [2, 8, 8, 8],
    f: [3, 3, 8, 8],
    taps: all(9),
    pad: [
      [0, 0],
      [1, 1],
      [1, 1],
      [0, 0],
    ],
    fast: true,
  }, // every tap: a plain 'same' conv
  {
    x: [2, 7, 7, 8],
    f: [2, 3, 8, 8],
    taps: [0, 1, 2, 3, 4],
    pad: [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 0],
    ],
    fast: false,
  }, // width 7: falls back
  {
    x: [2, 8, 8, 3],
    f: [2, 3, 3, 8],
    taps: [0, 1, 2, 3],
    pad: [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 0],
    ],
    fast: false,
  }, // 3 channels: falls back
];
const label = (c: Case) => `x ${c.x} f ${c.f} taps ${c.taps} pad ${JSON.stringify(c.pad)}`;

test("tapConv2d: values and both gradients match cpu's conv2d(x, w ⊙ 1_T), and with a bias its gradient too", async () => {
  for (const [k, c] of CASES.entries()) {
    for (const withBias of [false, true]) {
      await assertParity(`tapConv2d ${label(c)}${withBias ? ' + bias' : ''}`, () => {
        const x = randn(c.x, 10 + k) as tf.Tensor4D,
          w = randn(c.f, 20 + k) as tf.Tensor4D; // w is not 0 off the taps
        const b = randn([c.f[3]], 40 + k) as tf.Tensor1D;
        const f = (x: tf.Tensor, w: tf.Tensor, b?: tf.Tensor) =>
          tapConv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.taps, c.pad, b as tf.Tensor1D | undefined);
        const y = f(x, w, withBias ? b : undefined);
        const r = randn(y.shape, 30 + k); // random cotangent: L = Σ y·r
        return [
          y,
          ...tf.grads((x: tf.Tensor, w: tf.Tensor, b?: tf.Tensor) => f(x, w, b).mul(r).sum())(
            withBias ? [x, w, b] : [x, w],
          ),
        ];
      });
    }
  }
});

test('tapConv2d runs its own wasm kernels exactly where they take the shapes', async () => {
  await tf.setBackend('wasm');
  for (const [k, c] of CASES.entries()) {
    const x = randn(c.x, k) as tf.Tensor4D,
      w = randn(c.f, k + 1) as tf.Tensor4D;
    const info = await tf.profile(() =>
      tf.grads((x: tf.Tensor, w: tf.Tensor) => tapConv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.taps, c.pad).sum())([
        x,
        w,
      ]),
    );
    const names = new Set(info.kernels.map((kernel) => kernel.name));
    const ours = ['GenmodelsTapConv2D', 'GenmodelsTapConv2DBackpropInput', 'GenmodelsTapConv2DBackpropFilter'];
    assert.deepEqual(
      ours.map((n) => names.has(n)),
      ours.map(() => c.fast),
      `${label(c)}: ${[...names].join(', ')}`,
    );
    assert.equal(names.has('Conv2D'), !c.fast, label(c));
    tf.dispose([x, w, ...(info.result as tf.Tensor[])]);
  }
});

test('tapConv2d skips unlisted taps: the value ignores them and their filter gradient is 0', async () => {
  await tf.setBackend('wasm');
  const c = CASES[0];
  const x = randn(c.x, 1) as tf.Tensor4D,
    w = randn(c.f, 2) as tf.Tensor4D;
  const mask = tf.tensor4d([1, 1, 1, 1, 1, 0], [2, 3, 1, 1]);
  const y = tapConv2d(x, w, c.taps, c.pad),
    want = tf.conv2d(x, tf.mul(w, mask) as tf.Tensor4D, 1, c.pad);
  assert.ok(tf.max(tf.abs(tf.sub(y, want))).dataSync()[0] < 1e-4);
  const dw = tf.grad((w: tf.Tensor) => tapConv2d(x, w as tf.Tensor4D, c.taps, c.pad).sum())(w);
  const off = tf.slice(dw, [1, 2, 0, 0], [1, 1, -1, -1]); // the unlisted tap (1, 2)
  assert.equal(tf.max(tf.abs(off)).dataSync()[0], 0);
  assert.ok(tf.max(tf.abs(dw)).dataSync()[0] > 0);
  tf.dispose([x, w, mask, y, want, dw, off]);
});

test('tapConv2d refuses taps outside the filter or listed twice, x with the wrong channels, and a bias of the wrong size', () => {
  const x = tf.zeros([1, 4, 4, 8]) as tf.Tensor4D,
    w = tf.zeros([2, 3, 8, 8]) as tf.Tensor4D;
  const pad: Pad = [
    [0, 0],
    [1, 0],
    [1, 1],
    [0, 0],
  ];
  assert.throws(() => tapConv2d(x, w, [0, 6], pad), /distinct flat indices u·3 \+ v below 6; got \[0, 6\]/);
  assert.throws(() => tapConv2d(x, w, [1, 1], pad), /distinct/);
  const x4 = tf.zeros([1, 4, 4, 4]) as tf.Tensor4D;
  assert.throws(() => tapConv2d(x4, w, [0], pad), /x must be \[B, H, W, 8\] for a filter \[2,3,8,8\]; got \[1,4,4,4\]/);
  const b = tf.zeros([4]) as tf.Tensor1D;
  assert.throws(() => tapConv2d(x, w, [0], pad, b), /the bias must be \[8\] for a filter \[2,3,8,8\]; got \[4\]/);
  tf.dispose([x, x4, w, b]);
});

test('runs: adjacent taps of one filter row, in any order, become one [u, v0, t0, length]; a row never runs into the next', () => {
  assert.deepEqual(runs([0, 1, 2, 3, 4], 3), [
    [0, 0, 0, 3],
    [1, 0, 3, 2],
  ]); // mask B 3×3, cropped: 2 runs
  assert.deepEqual(runs([8, 0, 4, 2], 3), [
    [0, 0, 0, 1],
    [0, 2, 2, 1],
    [1, 1, 4, 1],
    [2, 2, 8, 1],
  ]);
  assert.deepEqual(runs([2, 3], 3), [
    [0, 2, 2, 1],
    [1, 0, 3, 1],
  ]); // 2 ends row 0, 3 starts row 1
  assert.deepEqual(runs([...Array(24).keys()], 7), [
    [0, 0, 0, 7],
    [1, 0, 7, 7],
    [2, 0, 14, 7],
    [3, 0, 21, 3],
  ]); // mask A 7×7
});
