import { test } from '../../../test/helpers/backends';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { GatedPixelCNN } from './gatedPixelcnn';
import { coneRegion } from './pixelcnn';
import { maskedStack, receptiveField } from './receptiveField';
import { ModelInputError } from './types';
import { fit } from '../train/fit';
import { adam } from '../train/adam';
import { loadCheckpoint, saveCheckpoint } from '../train/checkpoint';
import { expectNoLeak, values } from '../../../test/helpers/models';

const S = 6;
const D = S * S;
const tiny = { inputDim: D, channels: 4, blocks: 2, firstKernel: 3, seed: 1 };

/** n seeded binary images [n, D]. */
function binary(n: number, seed: number, d = D): tf.Tensor2D {
  return tf.tidy(
    () => tf.cast(tf.less(tf.randomUniform([n, d], 0, 1, 'float32', seed), 0.5), 'float32') as tf.Tensor2D,
  );
}

function oneHot(labels: number[], K: number): tf.Tensor2D {
  return tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), K).toFloat() as tf.Tensor2D);
}

/** |∂ out(r, q) / ∂x| [S][S] at a seeded grey input, out: [1, S, S, ·] of the input [1, S, S, 1]. */
function field(forward: (x: tf.Tensor4D) => tf.Tensor4D, side: number, at: [number, number]): number[][] {
  const input = tf.randomUniform([1, side, side, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
  const f = receptiveField(forward, { height: side, width: side }, at, input);
  input.dispose();
  return f;
}

/** The pixels (y, x) where `keep` holds and the field is nonzero. */
function readWhere(f: number[][], keep: (y: number, x: number) => boolean): [number, number][] {
  return f.flatMap((row, y) => row.flatMap((v, x) => (v !== 0 && keep(y, x) ? [[y, x] as [number, number]] : [])));
}

for (const numClasses of [0, 3]) {
  test(`causality from gradients at every pixel of ${S}×${S}${numClasses ? ', class-conditional' : ''}: ∂out_i/∂x_j = 0 for j ≥ i, in both stacks and the logits`, () => {
    const model = new GatedPixelCNN({ ...tiny, numClasses });
    const c = numClasses ? oneHot([2], numClasses) : undefined;
    const stacks = (x: tf.Tensor4D) => model.stacks(x, c);
    for (let r = 0; r < S; r++) {
      for (let q = 0; q < S; q++) {
        const i = r * S + q;
        const after = (y: number, x: number) => y * S + x >= i;
        const logit = field((x) => model.logitsImage(x, c), S, [r, q]);
        assert.deepEqual(readWhere(logit, after), [], `logit (${r}, ${q}) reads pixels at or after itself`);
        const h = field((x) => stacks(x).h, S, [r, q]);
        assert.deepEqual(readWhere(h, after), [], `horizontal stack (${r}, ${q}) reads pixels at or after itself`);
        // (on h: the logit is a 1×1 ReLU head of it, whose dead units may hide a read at random weights)
        if (i > 0)
          assert.ok(
            readWhere(h, (y, x) => !after(y, x)).length > 0,
            `horizontal stack (${r}, ${q}) reads no earlier pixel`,
          );
        // the horizontal stack reads the vertical one shifted down a row: ↓v at (r, q) is v at (r − 1, q)
        if (r > 0) {
          const vShifted = field((x) => stacks(x).v, S, [r - 1, q]);
          assert.deepEqual(
            readWhere(vShifted, (y) => y >= r),
            [],
            `↓v at (${r}, ${q}) reads row ${r} or below`,
          );
          assert.ok(
            readWhere(vShifted, (y) => y === r - 1).length > 0,
            `↓v at (${r}, ${q}) reads nothing of the row above`,
          );
        }
      }
    }
    // unshifted, v reads its own row to the right: why the horizontal stack may only read it shifted
    const v = field((x) => stacks(x).v, S, [3, 2]);
    assert.ok(v[3][3] !== 0 && v[4].every((g) => g === 0), 'v at (3, 2) reads (3, 3) and nothing below row 3');
    c?.dispose();
    model.dispose();
  });
}

test('no blind spot: the last pixel reads every pixel before it; a plain masked stack of as many layers misses the upper right', () => {
  // reach: 2 + 4 + 1 = 7 rows up, 6 columns to either side, enough for every pixel of 7×7
  const side = 7;
  const model = new GatedPixelCNN({ inputDim: side * side, channels: 4, blocks: 4, firstKernel: 5, seed: 2 });
  const plain = maskedStack([
    { kernelSize: 5, maskType: 'A' },
    ...Array.from({ length: 4 }, () => ({ kernelSize: 3, maskType: 'B' as const })),
  ]);
  for (const [r, q] of [
    [6, 6],
    [6, 3],
    [4, 0],
    [3, 5],
  ] as [number, number][]) {
    const i = r * side + q;
    const before = (y: number, x: number) => y * side + x < i;
    // the horizontal stack the 1×1 head reads: no ReLU in it, so every structural read is a nonzero gradient
    const gated = field((x) => model.stacks(x).h, side, [r, q]);
    assert.equal(readWhere(gated, before).length, i, `gated (${r}, ${q}) reads all ${i} earlier pixels`);
    assert.deepEqual(
      readWhere(gated, (y, x) => !before(y, x)),
      [],
    );
    const blind = Array.from({ length: i }, (_, j) => [Math.floor(j / side), j % side] as [number, number]).filter(
      ([y, x]) => receptiveField(plain, { height: side, width: side }, [r, q])[y][x] === 0,
    );
    if (q < side - 2) {
      assert.ok(blind.length > 0, `the plain stack at (${r}, ${q}) has a blind spot`);
      assert.ok(
        blind.every(([y, x]) => y < r && x > q),
        `the blind spot lies above and to the right: ${JSON.stringify(blind)}`,
      );
    }
  }
  model.dispose();
});

test('the field is exactly the R rows above (R − 1 columns to either side) and R − 1 pixels to the left on the row, R = reach', () => {
  const side = 12;
  const model = new GatedPixelCNN({ inputDim: side * side, channels: 4, blocks: 2, firstKernel: 3, seed: 3 });
  const R = model.reach; // 1 + 2 + 1
  const [r, q] = [8, 6];
  const h = field((x) => model.stacks(x).h, side, [r, q]);
  const want = (y: number, x: number) =>
    (y >= r - R && y < r && Math.abs(x - q) <= R - 1) || (y === r && x < q && x >= q - (R - 1));
  assert.deepEqual(
    h.map((row) => row.map((v) => v !== 0)),
    h.map((row, y) => row.map((_, x) => want(y, x))),
  );
  model.dispose();
});

test('the likelihood is normalised: Σ p(x) = 1 over all 512 binary 3×3 images, unconditional and for each class', () => {
  const all = tf.tensor2d(
    Array.from({ length: 512 }, (_, k) => Array.from({ length: 9 }, (_, i) => (k >> i) & 1)).flat(),
    [512, 9],
  );
  const total = (nll: number[]) => nll.reduce((s, v) => s + Math.exp(-v), 0);
  const plain = new GatedPixelCNN({ inputDim: 9, channels: 4, blocks: 1, firstKernel: 3, seed: 5 });
  assert.ok(Math.abs(total(values(plain.nll(all))) - 1) < 1e-4, 'Σ p(x)');
  const model = new GatedPixelCNN({ inputDim: 9, channels: 4, blocks: 1, firstKernel: 3, numClasses: 2, seed: 5 });
  for (const label of [0, 1]) {
    const sum = total(values(model.nll(all, oneHot(Array(512).fill(label), 2))));
    assert.ok(Math.abs(sum - 1) < 1e-4, `Σ p(x | c = ${label}) = ${sum}`);
  }
  // and it is a real distribution, not uniform: 9 ln 2 nats is every image's NLL under p = 1/2
  assert.ok(values(plain.nll(all)).some((v) => Math.abs(v - 9 * Math.LN2) > 0.05));
  tf.dispose(all);
  plain.dispose();
  model.dispose();
});

test('conditioning changes every logit; a class model demands its class; bad configs fail clearly', () => {
  const model = new GatedPixelCNN({ ...tiny, numClasses: 3 });
  const x = binary(2, 3);
  const [a, b] = [values(model.logits(x, oneHot([0, 0], 3))), values(model.logits(x, oneHot([1, 1], 3)))];
  assert.equal(a.filter((v, i) => v !== b[i]).length, a.length, 'every logit depends on the class');
  assert.throws(() => model.logits(x), ModelInputError);
  assert.throws(() => model.oneHot([3]), /class 3 is out of range; expected an integer in 0..2/);
  assert.throws(() => new GatedPixelCNN({ inputDim: 10 }), /not a square/);
  assert.throws(() => new GatedPixelCNN({ inputDim: 16, firstKernel: 4 }), /firstKernel must be odd/);
  model.dispose();
});

test('defaults: 28×28, 32 channels, 1 + 6 gated layers, first 11×11, reach 12; parameter count of the architecture', () => {
  const model = new GatedPixelCNN();
  const C = 32;
  const layer = (m: number, k: number, cin: number) =>
    (m + 1) * k * cin * 2 * C + 2 * C + (m + 1) * cin * 2 * C + 2 * C + 4 * C * C + C * C + C;
  const want = layer(5, 11, 1) + 6 * layer(1, 3, C) + (C * C + C) + (C + 1);
  assert.deepEqual([model.side, model.reach, model.params.count()], [28, 12, want]);
  model.dispose();
});

test('every parameter is used: each gets a nonzero gradient of the loss (class biases included)', () => {
  const model = new GatedPixelCNN({ ...tiny, numClasses: 3 });
  const [x, c] = [binary(4, 2), oneHot([0, 1, 2, 1], 3)];
  const names = [...model.params.variables.keys()];
  const { value, grads } = tf.variableGrads(() => model.loss({ x, c }).total, model.params.list());
  const unused = names.filter((_, k) => {
    const g = grads[model.params.list()[k].name];
    return !g || tf.tidy(() => tf.max(tf.abs(g)).dataSync()[0]) === 0;
  });
  assert.deepEqual(unused, []);
  assert.ok(
    names.includes('gated0/vertical/classBias') && !names.includes('gated2/vertical/classBias'),
    "the last layer computes no v', so it has no V_v",
  );
  tf.dispose([value, ...Object.values(grads), x, c]);
  model.dispose();
});

test('logitAt, on the crop coneRegion(r, q, reach), equals the full-image logit bit for bit at every pixel', () => {
  const model = new GatedPixelCNN({ inputDim: 100, channels: 4, blocks: 2, firstKernel: 3, numClasses: 2, seed: 6 });
  const x = tf.reshape(binary(2, 8, 100), [2, 10, 10, 1]) as tf.Tensor4D;
  const c = oneHot([1, 0], 2);
  const full = model.logitsImage(x, c).arraySync() as number[][][][];
  for (let r = 0; r < 10; r++) {
    for (let q = 0; q < 10; q++) {
      const { top, left, bottom, right } = coneRegion(r, q, model.reach, 10);
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

for (const numClasses of [0, 2]) {
  test(`cached (fast), cropped and naive sampling agree bit for bit and are deterministic for a seed${numClasses ? ', class-conditional' : ''}`, async () => {
    const model = new GatedPixelCNN({ inputDim: 121, channels: 4, blocks: 1, firstKernel: 3, numClasses, seed: 3 });
    const options = { seed: 9, ...(numClasses ? { class: [0, 1, 1, 0] } : {}) };
    const naive = values(await expectNoLeak(() => model.sample(4, { ...options, method: 'naive' }), 1));
    const fast = values(await model.sample(4, { ...options, method: 'fast' }));
    const crop = values(await model.sample(4, { ...options, method: 'crop' }));
    assert.ok(naive.every((v) => v === 0 || v === 1));
    assert.deepEqual(fast, naive);
    assert.deepEqual(crop, naive);
    assert.deepEqual(values(await model.sample(4, options)), fast, 'the same seed, the same images');
    assert.notDeepEqual(values(await model.sample(4, { ...options, seed: 10 })), fast, 'another seed, other images');
    const ones = fast.reduce((s: number, v) => s + v, 0);
    assert.ok(ones > 0.05 * fast.length && ones < 0.95 * fast.length, `not all 0 or all 1: ${ones} of ${fast.length}`);
    model.dispose();
  });
}

test('a training step leaves tf.memory().numTensors unchanged; training lowers the NLL; a checkpoint restores it', async () => {
  const model = new GatedPixelCNN({ ...tiny, numClasses: 2 });
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
  const optimizer = adam(0.01);
  const step = () => tf.dispose(optimizer.minimize(() => model.loss(data).total, true, model.params.list()) ?? []);
  step(); // Adam creates its moments on the first step
  const before = tf.memory().numTensors;
  step();
  assert.equal(tf.memory().numTensors, before, 'a training step leaked tensors');
  optimizer.dispose();

  const start = values(model.nll(data.x, data.c));
  const history = await expectNoLeak(() => fit(model, data, { epochs: 8, batchSize: 10, learningRate: 0.01 }));
  const end = values(model.nll(data.x, data.c));
  const mean = (v: number[]) => v.reduce((s, a) => s + a) / v.length;
  assert.ok(
    mean(end.slice(0, 20)) < 0.5 * mean(start.slice(0, 20)),
    `the striped class: ${mean(start.slice(0, 20))} → ${mean(end.slice(0, 20))}`,
  );
  assert.ok(history.epochs[7].train.total < history.epochs[0].train.total);
  const dir = mkdtempSync(join(tmpdir(), 'gated-pixelcnn-'));
  try {
    await saveCheckpoint(model, dir, { history });
    const { model: loaded } = await loadCheckpoint(dir);
    assert.ok(loaded instanceof GatedPixelCNN);
    assert.deepEqual(loaded.config, model.config);
    assert.deepEqual(values(loaded.nll(data.x, data.c)), end);
    loaded.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  tf.dispose([data.x, data.c]);
  model.dispose();
});
