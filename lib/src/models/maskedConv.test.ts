import { test } from '../../../test/helpers/backends';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { causalMask, MaskedConv2D, maskedConv2d, maskTensor } from './maskedConv';
import { expectNoLeak, values } from '../../../test/helpers/models';

test('masks A and B for k = 3 are the textbook pictures', () => {
  assert.deepEqual(causalMask(3, 'A'), [
    [1, 1, 1],
    [1, 0, 0],
    [0, 0, 0],
  ]);
  assert.deepEqual(causalMask(3, 'B'), [
    [1, 1, 1],
    [1, 1, 0],
    [0, 0, 0],
  ]);
});

for (const k of [3, 5, 7]) {
  test(`masks A and B for k = ${k}: shape, raster-order definition, and B = A plus the centre`, () => {
    const m = Math.floor(k / 2);
    const [a, b] = [causalMask(k, 'A'), causalMask(k, 'B')];
    assert.deepEqual([a.length, ...new Set(a.map((row) => row.length))], [k, k]);
    const raster = (y: number, x: number) => y * k + x; // tap (y, x) comes before the centre iff its raster index is smaller
    for (let y = 0; y < k; y++) {
      for (let x = 0; x < k; x++) {
        assert.equal(a[y][x], raster(y, x) < raster(m, m) ? 1 : 0, `A[${y}][${x}]`);
        assert.equal(b[y][x], raster(y, x) <= raster(m, m) ? 1 : 0, `B[${y}][${x}]`);
      }
    }
    const ones = (mask: number[][]) => mask.flat().reduce((s, v) => s + v, 0);
    assert.deepEqual([ones(a), ones(b)], [(k * k - 1) / 2, (k * k + 1) / 2]);
    assert.deepEqual(maskTensor(k, 'B').shape, [k, k, 1, 1]);
  });
}

test('bad kernel sizes and mask types are rejected with what to pass', () => {
  assert.throws(() => causalMask(4, 'A'), /odd positive integer \(3, 5, 7…\), got 4/);
  assert.throws(() => causalMask(3, 'C' as 'A'), /'A' or 'B', got "C"/);
});

test('maskedConv2d is conv2d with the masked taps zeroed, and masked taps get no gradient', () => {
  const x = tf.randomNormal([2, 6, 6, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
  const K = tf.randomNormal([5, 5, 3, 4], 0, 1, 'float32', 2) as tf.Tensor4D;
  const mask = maskTensor(5, 'A');
  const zeroed = tf.tensor4d(
    values(K).map((v, i) => (causalMask(5, 'A').flat()[Math.floor(i / 12)] ? v : 0)),
    [5, 5, 3, 4],
  );
  const [got, want] = [values(maskedConv2d(x, K, mask)), values(tf.conv2d(x, zeroed, 1, 'same'))];
  got.forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-5, `${v} vs ${want[i]}`));
  const dK = tf.grad((k: tf.Tensor) => tf.sum(maskedConv2d(x, k as tf.Tensor4D, mask)))(K);
  const grads = values(dK);
  causalMask(5, 'A')
    .flat()
    .forEach((m, tap) => {
      const g = grads.slice(tap * 12, (tap + 1) * 12);
      assert.ok(m ? g.some((v) => v !== 0) : g.every((v) => v === 0), `tap ${tap} (mask ${m})`);
    });
});

test('a causal mask runs on its top rows only, with the same values, both paddings and any other mask', () => {
  const x = tf.randomNormal([2, 9, 8, 3], 0, 1, 'float32', 4) as tf.Tensor4D;
  for (const [k, type] of [
    [3, 'B'],
    [5, 'A'],
    [7, 'A'],
  ] as const) {
    const K = tf.randomNormal([k, k, 3, 4], 0, 1, 'float32', 5) as tf.Tensor4D;
    const mask = maskTensor(k, type);
    const full = tf.mul(K, mask) as tf.Tensor4D; // the reference: every tap, masked ones zero
    for (const padding of ['same', 'valid'] as const) {
      const [got, want] = [
        values(maskedConv2d(x, K, mask, undefined, padding)),
        values(tf.conv2d(x, full, 1, padding)),
      ];
      assert.equal(got.length, want.length);
      got.forEach((v, i) =>
        assert.ok(Math.abs(v - want[i]) < 1e-4, `${k}×${k} ${type} ${padding} [${i}]: ${v} vs ${want[i]}`),
      );
    }
    // a mask not made by maskTensor may be non-zero below the centre: every row counts
    const below = tf.tensor4d(
      Array.from({ length: k * k }, (_, i) => (i >= k * k - k ? 1 : 0)),
      [k, k, 1, 1],
    ); // last row only
    const [got, want] = [
      values(maskedConv2d(x, K, below)),
      values(tf.conv2d(x, tf.mul(K, below) as tf.Tensor4D, 1, 'same')),
    ];
    assert.ok(want.some((v) => v !== 0));
    got.forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-4, `bottom-row mask [${i}]: ${v} vs ${want[i]}`));
  }
});

test('MaskedConv2D serialises: a saved model loads back with the same config and outputs', async () => {
  const model = tf.sequential({
    layers: [
      new MaskedConv2D({ filters: 4, kernelSize: 5, maskType: 'A', seed: 3, inputShape: [6, 6, 1] }),
      new MaskedConv2D({ filters: 2, kernelSize: 3, maskType: 'B', useBias: false }),
    ],
  });
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(
      async (a) => ((artifacts = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }),
    ),
  );
  const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
  const config = loaded.layers[0].getConfig();
  assert.deepEqual(
    [loaded.layers[0].getClassName(), config.filters, config.kernelSize, config.maskType, config.useBias, config.seed],
    ['MaskedConv2D', 4, 5, 'A', true, 3],
  );
  assert.equal(loaded.layers[1].getConfig().useBias, false);
  assert.equal(loaded.countParams(), 5 * 5 * 1 * 4 + 4 + 3 * 3 * 4 * 2);
  const x = tf.randomUniform([3, 6, 6, 1], 0, 1, 'float32', 4);
  assert.deepEqual(values(loaded.predict(x) as tf.Tensor), values(model.predict(x) as tf.Tensor));
  await expectNoLeak(() => tf.dispose(model.predict(x) as tf.Tensor));
  // its first output pixel sees nothing before it (mask A): only the bias, 0 at initialisation
  const first = (model.predict(x) as tf.Tensor).slice([0, 0, 0, 0], [3, 1, 1, 2]);
  assert.ok(values(first).every((v) => v === 0));
  model.dispose();
  loaded.dispose();
});
