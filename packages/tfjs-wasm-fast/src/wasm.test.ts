/**
 * The wasm setup as a whole: pinned versions, and a small conv net trained on wasm (the engine's
 * kernels, 2+ threads) following the same loss trajectory as on the cpu backend.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { on, randn, wasmAndCpu } from '../test/parity';
import { BackendError } from './errors';
import { checkVersions, PINNED_TFJS_VERSION } from './wasm';

before(wasmAndCpu);

test('the pinned TF.js version passes the check; any other is a BackendError naming both', () => {
  checkVersions({ '@tensorflow/tfjs-core': PINNED_TFJS_VERSION, '@tensorflow/tfjs-backend-wasm': PINNED_TFJS_VERSION });
  assert.equal(tf.version_core, PINNED_TFJS_VERSION);
  assert.throws(
    () => checkVersions({ '@tensorflow/tfjs-core': PINNED_TFJS_VERSION, '@tensorflow/tfjs-backend-wasm': '4.21.0' }),
    (e: unknown) =>
      e instanceof BackendError &&
      /needs TF\.js 4\.22\.0 exactly; found @tensorflow\/tfjs-backend-wasm 4\.21\.0/.test(e.message),
  );
});

/**
 * Eight Adam steps of a conv net on a fixed batch: 5×5 conv (8) → relu → 3×3 stride-2 conv (8)
 * → relu → dense → sigmoid cross-entropy against fixed binary targets. Returns the losses.
 */
function trainConvNet(): tf.Tensor[] {
  const x = randn([4, 12, 12, 1], 1);
  const target = randn([4, 1], 2).greater(0).toFloat();
  const w1 = tf.variable(randn([5, 5, 1, 8], 3).mul(0.3));
  const w2 = tf.variable(randn([3, 3, 8, 8], 4).mul(0.2));
  const w3 = tf.variable(randn([6 * 6 * 8, 1], 5).mul(0.05));
  const opt = tf.train.adam(0.01);
  const losses: tf.Tensor[] = [];
  for (let step = 0; step < 8; step++) {
    const loss = opt.minimize(() => {
      const h1 = tf.relu(tf.conv2d(x as tf.Tensor4D, w1 as tf.Tensor4D, 1, 'same')); // [4, 12, 12, 8]
      const h2 = tf.relu(tf.conv2d(h1, w2 as tf.Tensor4D, 2, 'same')); // [4, 6, 6, 8]
      const logits = tf.matMul(h2.reshape([4, 6 * 6 * 8]), w3); // [4, 1]
      return tf.losses.sigmoidCrossEntropy(target, logits);
    }, true)!;
    losses.push(loss);
  }
  opt.dispose();
  tf.dispose([w1, w2, w3]);
  return [tf.stack(losses)];
}

test('a conv net training step by step: same loss trajectory on wasm and cpu (|Δ| ≤ 1e-4 + 1e-3·loss)', async () => {
  const [ours] = await on('wasm', trainConvNet);
  const [ref] = await on('cpu', trainConvNet);
  await tf.setBackend('wasm');
  assert.ok(ref[7] < ref[0] - 0.01, `training lowers the loss (cpu: ${ref[0]} → ${ref[7]})`);
  ours.forEach((l, i) =>
    assert.ok(Math.abs(l - ref[i]) <= 1e-4 + 1e-3 * ref[i], `step ${i}: wasm ${l} vs cpu ${ref[i]}`),
  );
});
