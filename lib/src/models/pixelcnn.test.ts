import { test } from '../../../test/helpers/backends';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { coneRegion, PixelCNN } from './pixelcnn';
import { ModelInputError } from './types';
import { fit } from '../train/fit';
import { loadCheckpoint, saveCheckpoint } from '../train/checkpoint';
import { expectNoLeak, values } from '../../../test/helpers/models';

const S = 6;
const D = S * S;
const tiny = { inputDim: D, channels: 6, blocks: 2, firstKernel: 5, seed: 1 };

/** n seeded binary images [n, D]. */
function binary(n: number, seed: number, d = D): tf.Tensor2D {
  return tf.tidy(
    () => tf.cast(tf.less(tf.randomUniform([n, d], 0, 1, 'float32', seed), 0.5), 'float32') as tf.Tensor2D,
  );
}

function oneHot(labels: number[], K: number): tf.Tensor2D {
  return tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), K).toFloat() as tf.Tensor2D);
}

for (const numClasses of [0, 3]) {
  test(`causality, exhaustively on ${S}×${S}${numClasses ? ', class-conditional' : ''}: flipping pixel j changes logit i only if j < i`, () => {
    const model = new PixelCNN({ ...tiny, numClasses });
    const x = values(binary(1, 7));
    // row 0: x itself; row 1 + j: x with pixel j flipped
    const batch = tf.tensor2d(
      Array.from({ length: D + 1 }, (_, r) => x.map((v, j) => (j === r - 1 ? 1 - v : v))).flat(),
      [D + 1, D],
    );
    const c = numClasses ? oneHot(Array(D + 1).fill(2), numClasses) : undefined;
    const l = model.logits(batch, c).arraySync() as number[][];
    for (let i = 0; i < D; i++) {
      const changedBy = Array.from({ length: D }, (_, j) => j).filter((j) => l[1 + j][i] !== l[0][i]);
      assert.ok(
        changedBy.every((j) => j < i),
        `logit ${i} changed by pixels ${changedBy.filter((j) => j >= i)}`,
      );
      if (i > 0) assert.ok(changedBy.length > 0, `logit ${i} depends on no earlier pixel`);
    }
    model.dispose();
  });
}

test('logitAt, on the cone of one pixel, equals the full-image logit bit for bit at every pixel', () => {
  const model = new PixelCNN({ inputDim: 81, channels: 5, blocks: 2, firstKernel: 5, numClasses: 2, seed: 6 });
  const x = tf.reshape(binary(2, 8, 81), [2, 9, 9, 1]) as tf.Tensor4D; // any input: logitAt reads only the cone
  const c = oneHot([1, 0], 2);
  const full = model.logitsImage(x, c).arraySync() as number[][][][];
  for (let r = 0; r < 9; r++) {
    for (let q = 0; q < 9; q++) {
      const { top, left, bottom, right } = coneRegion(r, q, model.reach, 9);
      const crop = tf.slice(x, [0, top, left, 0], [2, bottom - top + 1, right - left + 1, 1]);
      assert.deepEqual(
        values(model.logitAt(crop, c, r, q)),
        [full[0][r][q][0], full[1][r][q][0]],
        `pixel (${r}, ${q})`,
      );
    }
  }
  model.dispose();
});

test('the NLL is the sum of per-pixel BCE terms, each from its own conditional p(xᵢ | x₍<ᵢ₎)', () => {
  const model = new PixelCNN({ ...tiny, numClasses: 2 });
  const x = binary(3, 11);
  const c = oneHot([0, 1, 1], 2);
  const nll = values(model.nll(x, c));
  const xs = x.arraySync();
  // the conditional of pixel i, read from a pass whose pixels ≥ i are replaced by noise
  const noisy = binary(3, 12);
  const direct = [0, 0, 0];
  for (let i = 0; i < D; i++) {
    const masked = tf.tidy(
      () => tf.concat([x.slice([0, 0], [3, i]), noisy.slice([0, i], [3, D - i])], 1) as tf.Tensor2D,
    );
    const li = model
      .logits(masked, c)
      .arraySync()
      .map((row) => row[i]);
    li.forEach((l, b) => {
      const p = 1 / (1 + Math.exp(-l));
      direct[b] -= xs[b][i] === 1 ? Math.log(p) : Math.log(1 - p);
    });
  }
  nll.forEach((v, b) => assert.ok(Math.abs(v - direct[b]) < 1e-3 * direct[b], `${v} vs ${direct[b]}`));
  const loss = model.loss({ x, c });
  assert.ok(Math.abs(loss.total.dataSync()[0] - direct.reduce((s, v) => s + v) / 3) < 1e-3);
  assert.equal(loss.kl.dataSync()[0], 0);
  model.dispose();
});

test('the likelihood is normalised: Σ p(x) = 1 over all 512 binary 3×3 images, for each class', () => {
  const model = new PixelCNN({ inputDim: 9, channels: 4, blocks: 1, firstKernel: 3, numClasses: 2, seed: 5 });
  const all = tf.tensor2d(
    Array.from({ length: 512 }, (_, k) => Array.from({ length: 9 }, (_, i) => (k >> i) & 1)).flat(),
    [512, 9],
  );
  for (const label of [0, 1]) {
    const nll = values(model.nll(all, oneHot(Array(512).fill(label), 2)));
    const total = nll.reduce((s, v) => s + Math.exp(-v), 0);
    assert.ok(Math.abs(total - 1) < 1e-4, `Σ p(x | c = ${label}) = ${total}`);
  }
  model.dispose();
});

test('conditioning changes the logits; a class model demands its class', () => {
  const model = new PixelCNN({ ...tiny, numClasses: 3 });
  const x = binary(2, 3);
  const [a, b] = [values(model.logits(x, oneHot([0, 0], 3))), values(model.logits(x, oneHot([1, 1], 3)))];
  assert.ok(a.filter((v, i) => v !== b[i]).length === a.length, 'every logit depends on the class');
  assert.throws(() => model.logits(x), ModelInputError);
  assert.throws(() => model.oneHot([3]), /class 3 is out of range; expected an integer in 0..2/);
  assert.throws(() => new PixelCNN({ inputDim: 10 }), /not a square/);
  model.dispose();
});

test('defaults: 28×28, 32 channels, 5 blocks, reach 8; parameter count of the architecture', () => {
  const model = new PixelCNN();
  const C = 32;
  const want = 7 * 7 * C + C + 5 * (9 * C * C + C + C * C + C) + (C * C + C) + (C + 1);
  assert.deepEqual([model.side, model.reach, model.params.count()], [28, 8, want]);
  model.dispose();
});

test('training lowers the NLL, leaks no tensors, and a checkpoint restores the same likelihood', async () => {
  const model = new PixelCNN({ ...tiny, numClasses: 2 });
  const x = tf.tidy(
    () =>
      tf.concat([
        tf.tile(tf.tensor2d([Array.from({ length: D }, (_, i) => i % 2)]), [20, 1]),
        binary(20, 4),
      ]) as tf.Tensor2D,
  );
  const data = {
    x,
    c: oneHot(
      Array.from({ length: 40 }, (_, i) => (i < 20 ? 0 : 1)),
      2,
    ),
  };
  const before = values(model.nll(data.x, data.c));
  const history = await expectNoLeak(() => fit(model, data, { epochs: 8, batchSize: 10, learningRate: 0.01 }));
  const after = values(model.nll(data.x, data.c));
  const mean = (v: number[]) => v.reduce((s, a) => s + a) / v.length;
  assert.ok(
    mean(after.slice(0, 20)) < 0.5 * mean(before.slice(0, 20)),
    `the striped class: ${mean(before.slice(0, 20))} → ${mean(after.slice(0, 20))}`,
  );
  assert.ok(history.epochs[7].train.total < history.epochs[0].train.total);
  const dir = mkdtempSync(join(tmpdir(), 'pixelcnn-'));
  try {
    await saveCheckpoint(model, dir, { history });
    const { model: loaded } = await loadCheckpoint(dir);
    assert.ok(loaded instanceof PixelCNN);
    assert.deepEqual(loaded.config, model.config);
    assert.deepEqual(values((loaded as PixelCNN).nll(data.x, data.c)), after);
    loaded.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  model.dispose();
});
