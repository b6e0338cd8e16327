import { test } from '../../../test/helpers/backends';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { BinaryAutoregressive, type AutoregressiveConfig } from './autoregressive';
import { ModelInputError, type ModelKind } from './types';
import { values } from '../../../test/helpers/models';

/** The simplest autoregressive model: every logit is one learned number l, whatever came before. */
class Constant extends BinaryAutoregressive<AutoregressiveConfig> {
  readonly kind: ModelKind = 'pixelcnn';
  readonly l: tf.Variable;
  constructor(config: AutoregressiveConfig, l: number) {
    super('Constant', config);
    this.l = this.params.constant('l', [1], l);
  }
  get reach(): number {
    return 0;
  }
  logitsImage(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => tf.add(tf.zerosLike(x), this.l) as tf.Tensor4D);
  }
}

test('the NLL is the closed form Σᵢ −log Bernoulli(xᵢ; σ(l)) for every image; loss and reconstruct follow', () => {
  const l = 0.7;
  const model = new Constant({ inputDim: 4, numClasses: 0, seed: 0 }, l);
  const x = tf.tensor2d([
    [0, 0, 0, 0],
    [1, 0, 1, 1],
  ]);
  const p = 1 / (1 + Math.exp(-l));
  const want = [4 * -Math.log(1 - p), 3 * -Math.log(p) - Math.log(1 - p)];
  values(model.nll(x)).forEach((v, b) => assert.ok(Math.abs(v - want[b]) < 1e-5, `image ${b}: ${v} vs ${want[b]}`));
  const loss = model.loss({ x });
  assert.ok(Math.abs(values(loss.total)[0] - (want[0] + want[1]) / 2) < 1e-5);
  assert.equal(values(loss.kl)[0], 0);
  assert.ok(values(model.reconstruct(x)).every((v) => Math.abs(v - p) < 1e-6));
  tf.dispose([x, loss.total, loss.kl, loss.reconstruction]);
  model.dispose();
});

test('shapes and classes are checked with messages that name the model and the fix', () => {
  assert.throws(
    () => new Constant({ inputDim: 5, numClasses: 0, seed: 0 }, 0),
    /Constant needs square images: inputDim 5/,
  );
  const plain = new Constant({ inputDim: 4, numClasses: 0, seed: 0 }, 0);
  assert.throws(() => plain.logits(tf.zeros([2, 9]) as tf.Tensor2D), /Constant.logits: expected x of shape \[B, 4\]/);
  assert.throws(
    () => plain.oneHot([0]),
    (e: Error) => e instanceof ModelInputError && /unconditional/.test(e.message),
  );
  assert.equal(plain.condition(2), null);
  const model = new Constant({ inputDim: 4, numClasses: 3, seed: 0 }, 0);
  assert.deepEqual(values(model.oneHot([2, 0])), [0, 0, 1, 1, 0, 0]);
  assert.throws(() => model.oneHot([3]), /class 3 is out of range; expected an integer in 0..2/);
  assert.throws(() => model.condition(2), /expected a one-hot class c of shape \[2, 3\], got nothing/);
  const c = model.oneHot([1, 2]);
  assert.deepEqual(model.condition(2, c)!.shape, [2, 1, 1, 3]);
  tf.dispose(c);
  plain.dispose();
  model.dispose();
});
