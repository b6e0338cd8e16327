/**
 * The replaced `Conv2D` and `_FusedConv2D` (tapconv.ts): on wasm they match the cpu backend's
 * conv2d in value and both gradients, with and without a fused bias, for filters with all-zero taps
 * (cropped causal masks: w ⊙ 1_T), 'valid' and other explicit paddings, and shapes the tap kernel
 * does not take (which run the stock kernel). Tolerance: |Δ| ≤ 1e-4 + 1e-4·|cpu| (float32 sums in
 * another order).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { assertParity, explicitPad, randn, wasmAndCpu } from '../test/parity';
import type { Pad } from './kernels';
import { nonzeroTaps, runs, tapConvPad } from './tapconv';

before(wasmAndCpu);

interface Case {
  x: [number, number, number, number];
  f: [number, number, number, number];
  taps: number[];
  pad: Pad;
  fast: boolean; // the tap kernel takes the forward pass
}
const all = (n: number) => [...Array(n).keys()];
const CASES: Case[] = [
  {
    x: [2, 8, 8, 8],
    f: [2, 3, 8, 16],
    taps: [0, 1, 2, 3, 4],
    pad: explicitPad(1, 0, 1, 1),
    fast: true,
  }, // mask B 3×3, cropped
  {
    x: [3, 6, 12, 16],
    f: [4, 7, 16, 8],
    taps: all(24),
    pad: explicitPad(3, 0, 3, 3),
    fast: true,
  }, // mask A 7×7, cropped
  {
    x: [2, 9, 8, 8],
    f: [3, 1, 8, 8],
    taps: [0, 1],
    pad: explicitPad(0, 0, 0, 0),
    fast: true,
  }, // 'valid'
  {
    x: [2, 9, 10, 8],
    f: [2, 3, 8, 8],
    taps: [0, 1, 2, 3, 4],
    pad: explicitPad(0, 0, 0, 0),
    fast: true,
  }, // 'valid', width 10: the forward pass's output width 8 is taken; ∂L/∂x's 10 runs stock
  {
    x: [1, 7, 8, 8],
    f: [3, 3, 8, 8],
    taps: [0, 4, 8, 2],
    pad: explicitPad(1, 2, 2, 0),
    fast: true,
  }, // any taps, uneven padding
  {
    x: [2, 8, 8, 8],
    f: [3, 3, 8, 8],
    taps: all(9),
    pad: explicitPad(1, 1, 1, 1),
    fast: true,
  }, // every tap: a plain 'same' conv
  {
    x: [2, 7, 7, 8],
    f: [2, 3, 8, 8],
    taps: [0, 1, 2, 3, 4],
    pad: explicitPad(1, 0, 1, 1),
    fast: false,
  }, // width 7: falls back
  {
    x: [2, 8, 8, 3],
    f: [2, 3, 3, 8],
    taps: [0, 1, 2, 3],
    pad: explicitPad(1, 0, 1, 1),
    fast: false,
  }, // 3 channels: falls back
];
const label = (c: Case) => `x ${c.x} f ${c.f} taps ${c.taps} pad ${JSON.stringify(c.pad)}`;

/** The 0/1 mask 1_T [fh, fw, 1, 1] of flat taps u·fw + v; it broadcasts over a filter. */
const tapMask = ([fh, fw]: number[], taps: number[]) =>
  tf.tensor4d(
    Array.from({ length: fh * fw }, (_, t) => (taps.includes(t) ? 1 : 0)),
    [fh, fw, 1, 1],
  );

test("conv2d(x, w ⊙ 1_T): values and both gradients match cpu's, and with a fused bias the bias's gradient too", async () => {
  for (const [k, c] of CASES.entries()) {
    for (const withBias of [false, true]) {
      await assertParity(`conv2d ${label(c)}${withBias ? ' + bias' : ''}`, () => {
        const x = randn(c.x, 10 + k) as tf.Tensor4D,
          w = randn(c.f, 20 + k) as tf.Tensor4D,
          b = randn([c.f[3]], 40 + k) as tf.Tensor1D;
        const mask = tapMask(c.f, c.taps);
        const f = (x: tf.Tensor, w: tf.Tensor, b?: tf.Tensor) => {
          const filter = tf.mul(w, mask) as tf.Tensor4D;
          return b
            ? tf.fused.conv2d({ x: x as tf.Tensor4D, filter, strides: 1, pad: c.pad, bias: b })
            : tf.conv2d(x as tf.Tensor4D, filter, 1, c.pad);
        };
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

test('tapConvPad takes exactly the geometry the tap kernel runs: stride 1, NHWC, channels of 8, output widths of 4', () => {
  const attrs = (pad: unknown, more: Record<string, unknown> = {}) => ({
    strides: [1, 1],
    pad,
    dataFormat: 'NHWC',
    dilations: [1, 1],
    ...more,
  });
  for (const c of CASES) {
    const x = { shape: c.x, dtype: 'float32' } as unknown as tf.TensorInfo,
      f = { shape: c.f, dtype: 'float32' } as unknown as tf.TensorInfo;
    assert.deepEqual(tapConvPad(x, f, attrs(c.pad)), c.fast ? c.pad : null, label(c));
  }
  const x = { shape: [2, 8, 8, 8], dtype: 'float32' } as unknown as tf.TensorInfo,
    f = { shape: [3, 3, 8, 16], dtype: 'float32' } as unknown as tf.TensorInfo;
  const same: Pad = explicitPad(1, 1, 1, 1);
  assert.deepEqual(tapConvPad(x, f, attrs('same')), same, "'same' becomes explicit");
  assert.equal(tapConvPad(x, f, attrs('same', { strides: [2, 2] })), null, 'stride 2');
  assert.equal(tapConvPad(x, f, attrs('same', { dilations: [2, 2] })), null, 'dilation 2');
  assert.equal(tapConvPad(x, f, attrs('same', { dataFormat: 'NCHW' })), null, 'NCHW');
  assert.equal(tapConvPad(x, f, attrs('same', { activation: 'relu' })), null, 'a fused activation');
  const bias = (n: number) => ({ shape: [n], dtype: 'float32' }) as unknown as tf.TensorInfo;
  assert.deepEqual(tapConvPad(x, f, attrs('same'), bias(16)), same, 'a bias [O]');
  assert.equal(tapConvPad(x, f, attrs('same'), bias(1)), null, 'a broadcast bias');
  assert.equal(tapConvPad({ ...x, dtype: 'int32' }, f, attrs('same')), null, 'int32');
});

test('nonzeroTaps lists the taps with any value not 0 (NaN included, −0 not)', () => {
  const [fh, fw, C, O] = [2, 3, 2, 2];
  const values = new Float32Array(fh * fw * C * O);
  values[1 * C * O + 3] = 0.5; // tap 1, last entry
  values[4 * C * O] = NaN; // tap 4
  values[5 * C * O + 1] = -0; // tap 5 stays out
  assert.deepEqual(nonzeroTaps(values, [fh, fw, C, O]), [1, 4]);
});

test('a tap that is all 0 is not computed on wasm: an Inf that only it reads leaves y finite', async () => {
  await tf.setBackend('wasm');
  const c = CASES[0]; // mask B 3×3, cropped: tap (1, 2) is 0, and reads the pixel right of the output
  const Wcol = c.x[2];
  const inf = tf.buffer(c.x);
  inf.set(Infinity, 0, 4, Wcol - 1, 0); // read by output (4, W − 2) only through tap (1, 2); by (4, W − 1) through the centre
  const x = inf.toTensor() as tf.Tensor4D,
    w = tf.mul(randn(c.f, 2), tapMask(c.f, c.taps)) as tf.Tensor4D;
  const y = tf.conv2d(x, w, 1, c.pad);
  const at = (i: number, j: number) => tf.slice(y, [0, i, j, 0], [1, 1, 1, -1]).dataSync();
  assert.ok(at(4, Wcol - 2).every(Number.isFinite), 'the masked tap was skipped');
  assert.ok(
    at(4, Wcol - 1).every((v) => !Number.isFinite(v)),
    'the centre tap reads it',
  );
  tf.dispose([x, w, y]);
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
