import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { PixelCNN } from '../models/pixelcnn';
import { exactLikelihood } from './likelihood';
import { expectNoLeak, useCpu, values } from '../../../test/helpers/models';

before(useCpu);

const binary = (n: number, d: number, seed: number) =>
  tf.tidy(() => tf.cast(tf.less(tf.randomUniform([n, d], 0, 1, 'float32', seed), 0.3), 'float32') as tf.Tensor2D);

test('the exact likelihood is the mean per-image NLL over all examples, batch size aside', async () => {
  const model = new PixelCNN({ inputDim: 25, channels: 4, blocks: 1, firstKernel: 3, numClasses: 2, seed: 2 });
  const x = binary(7, 25, 1);
  const c = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 0, 1, 1, 0, 0], 'int32'), 2).toFloat() as tf.Tensor2D);
  const direct = values(model.nll(x, c)).reduce((s, v) => s + v) / 7;
  const result = await expectNoLeak(() => exactLikelihood(model, { x, c }, { batchSize: 3 }));
  assert.equal(result.examples, 7);
  assert.ok(Math.abs(result.nll - direct) < 1e-4, `${result.nll} vs ${direct}`);
  assert.ok(Math.abs(result.bitsPerDim - direct / (25 * Math.LN2)) < 1e-6);
  model.dispose();
});

test('a model that says p = ½ for every pixel scores exactly 1 bit per dimension', async () => {
  const model = new PixelCNN({ inputDim: 16, channels: 3, blocks: 1, firstKernel: 3, seed: 1 });
  for (const v of model.params.list()) v.assign(tf.zerosLike(v)); // every logit 0
  const { nll, bitsPerDim } = await exactLikelihood(model, { x: binary(5, 16, 3) });
  assert.ok(
    Math.abs(nll - 16 * Math.LN2) < 1e-5 && Math.abs(bitsPerDim - 1) < 1e-6,
    `${nll} nats, ${bitsPerDim} bits/dim`,
  );
  model.dispose();
});
