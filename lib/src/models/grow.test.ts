import { test } from '../../../test/helpers/backends';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { GatedPixelCNN } from './gatedPixelcnn';
import { growInto } from './grow';
import { PixelCNN } from './pixelcnn';
import type { AnyPixelCNN } from './registry';

const D = 8 * 8;

/** x [3, 64] binary and c [3, 3], seeded. */
function batch(): { x: tf.Tensor2D; c: tf.Tensor2D } {
  return tf.tidy(() => ({
    x: tf.cast(tf.less(tf.randomUniform([3, D], 0, 1, 'float32', 7), 0.5), 'float32') as tf.Tensor2D,
    c: tf.oneHot(tf.tensor1d([2, 0, 1], 'int32'), 3).toFloat() as tf.Tensor2D,
  }));
}

/** max |l'(x, c) − l(x, c)| over the batch, and max |l| (so a zero network cannot pass). */
function logitGap(from: AnyPixelCNN, to: AnyPixelCNN): { gap: number; scale: number } {
  const { x, c } = batch();
  const [l, l2] = [from.logits(x, c), to.logits(x, c)];
  const gap = tf.max(tf.abs(tf.sub(l, l2))).dataSync()[0];
  const scale = tf.max(tf.abs(l)).dataSync()[0];
  tf.dispose([x, c, l, l2]);
  return { gap, scale };
}

for (const [name, build] of [
  [
    'GatedPixelCNN',
    (k: number, seed: number) =>
      new GatedPixelCNN({ inputDim: D, channels: 4, blocks: 2, firstKernel: k, numClasses: 3, seed }),
  ],
  [
    'PixelCNN',
    (k: number, seed: number) =>
      new PixelCNN({ inputDim: D, channels: 4, blocks: 2, firstKernel: k, numClasses: 3, seed }),
  ],
] as const) {
  test(`growInto(${name}, first field 3 → 7): the grown model's logits equal the trained one's`, () => {
    const [from, to] = [build(3, 1), build(7, 2)];
    const before = logitGap(from, to); // a fresh wide model computes something else
    growInto(from, to);
    const after = logitGap(from, to);
    assert.ok(before.gap > 1e-2, `fresh models differ by ${before.gap}`);
    assert.ok(after.scale > 1e-2, `the logits are not all zero (max ${after.scale})`);
    assert.ok(after.gap < 1e-5, `grown logits differ by ${after.gap}`);
    from.dispose();
    to.dispose();
  });
}

test('growInto: the new taps start at zero and the old taps keep their offsets from the pixel', () => {
  const from = new GatedPixelCNN({ inputDim: D, channels: 4, blocks: 1, firstKernel: 3, seed: 1 });
  const to = new GatedPixelCNN({ inputDim: D, channels: 4, blocks: 1, firstKernel: 7, seed: 1 });
  growInto(from, to);
  const W = from.layers[0].Wv.arraySync() as number[][][][]; // [2, 3, 1, 8]: rows r − 1 … r, columns q − 1 … q + 1
  const W2 = to.layers[0].Wv.arraySync() as number[][][][]; // [4, 7, 1, 8]: rows r − 3 … r, columns q − 3 … q + 3
  for (let t = 0; t < 4; t++)
    for (let s = 0; s < 7; s++) {
      const old = t >= 2 && s >= 2 && s <= 4 ? W[t - 2][s - 2][0] : null;
      assert.deepEqual(W2[t][s][0], old ?? new Array(8).fill(0), `tap (${t}, ${s})`);
    }
  const Wh = to.layers[0].Wh.arraySync() as number[][][][]; // [1, 4, 1, 8]: columns q − 3 … q
  assert.deepEqual(Wh[0].slice(2), (from.layers[0].Wh.arraySync() as number[][][][])[0]);
  assert.deepEqual(Wh[0][0][0], new Array(8).fill(0));
  from.dispose();
  to.dispose();
});

test('growInto refuses what is not a wider first field, and names why', () => {
  const gated = (config: object) =>
    new GatedPixelCNN({ inputDim: D, channels: 4, blocks: 1, firstKernel: 3, ...config });
  const cases: [AnyPixelCNN, AnyPixelCNN, RegExp][] = [
    [gated({}), gated({ channels: 8, firstKernel: 5 }), /channels differ/],
    [gated({}), gated({ numClasses: 3 }), /numClasses differ/],
    [gated({ firstKernel: 5 }), gated({}), /only grow, not shrink from 5 to 3/],
    [
      gated({}),
      new PixelCNN({ inputDim: D, channels: 4, blocks: 1, firstKernel: 5 }),
      /kind differs \(gated-pixelcnn → pixelcnn\)/,
    ],
  ];
  for (const [from, to, message] of cases) {
    assert.throws(() => growInto(from, to), message);
    from.dispose();
    to.dispose();
  }
});
