/**
 * GatedPixelCNN on wasm (the speed engine's kernels: its SIMD convolutions, whose geometry the
 * 8-channel layers of an 8×8 image take, and its matmuls) against the cpu backend (TF.js's
 * reference kernels): the logits, the exact NLL and the gradient of the loss with respect to every
 * parameter, class-conditional, batch 2. |wasm − cpu| ≤ 1e-4 + 1e-4·|cpu| (1e-3 for gradients,
 * float32 sums over 2·64 pixels in a different order).
 */
import { before, test } from 'node:test';
import { tf } from '../index';
import { assertParity, wasmAndCpu } from '../../../test/helpers/parity';
import { GatedPixelCNN } from './gatedPixelcnn';

before(wasmAndCpu);

const config = { inputDim: 64, channels: 8, blocks: 2, firstKernel: 5, numClasses: 3, seed: 4 };

/** x [2, 64] binary and c [2, 3], seeded: the same on every backend. */
function batch(): { x: tf.Tensor2D; c: tf.Tensor2D } {
  const x = tf.cast(tf.less(tf.randomUniform([2, 64], 0, 1, 'float32', 3), 0.5), 'float32') as tf.Tensor2D;
  return { x, c: tf.oneHot(tf.tensor1d([2, 0], 'int32'), 3).toFloat() as tf.Tensor2D };
}

/** The model is built inside each run (seeded, so identical), and disposed there. */
function withModel(f: (model: GatedPixelCNN) => tf.Tensor[]): () => tf.Tensor[] {
  return () => {
    const model = new GatedPixelCNN(config);
    try {
      return f(model);
    } finally {
      model.dispose();
    }
  };
}

test('GatedPixelCNN logits and exact NLL: wasm = cpu', async () => {
  await assertParity(
    'logits, nll',
    withModel((model) => {
      const { x, c } = batch();
      return [model.logits(x, c), model.nll(x, c)];
    }),
  );
});

test('GatedPixelCNN ∂loss/∂θ for every parameter: wasm = cpu', async () => {
  await assertParity(
    'gradients',
    withModel((model) => {
      const { x, c } = batch();
      const { value, grads } = tf.variableGrads(() => model.loss({ x, c }).total, model.params.list());
      return [value, ...model.params.list().map((v) => grads[v.name])];
    }),
    1e-3,
    1e-4,
  );
});
