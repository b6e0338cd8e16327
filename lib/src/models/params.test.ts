import { test } from '../../../test/helpers/backends';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { activate, dense, mlp, ParamStore } from './params';
import { values } from '../../../test/helpers/models';

test('dense layers are Glorot-uniform within ±√(6 / (in + out)), biases zero, names stable', () => {
  const p = new ParamStore(5);
  const layers = p.mlp('net', 30, [20, 10]);
  assert.deepEqual([...p.variables.keys()], ['net/0/W', 'net/0/b', 'net/1/W', 'net/1/b']);
  const w = values(layers[0].W);
  const limit = Math.sqrt(6 / 50);
  assert.ok(w.every((v) => Math.abs(v) <= limit) && Math.max(...w.map(Math.abs)) > 0.9 * limit);
  assert.ok(values(layers[0].b).every((v) => v === 0));
  assert.equal(p.count(), 30 * 20 + 20 + 20 * 10 + 10);
  assert.throws(() => p.dense('net/0', 1, 1), /defined twice/);
  p.dispose();
  assert.equal(p.variables.size, 0);
});

test('mlp applies the activation between layers but not after the last', () => {
  const p = new ParamStore(1);
  const layers = p.mlp('m', 2, [2, 2]);
  layers[0].W.assign(
    tf.tensor2d([
      [1, 0],
      [0, 1],
    ]),
  );
  layers[1].W.assign(
    tf.tensor2d([
      [1, 0],
      [0, 1],
    ]),
  );
  layers[1].b.assign(tf.tensor1d([-5, 0]));
  const x = tf.tensor2d([[-2, 3]]);
  assert.deepEqual(values(mlp(x, layers, 'relu')), [-5, 3]); // relu(−2) = 0, then the bias −5 passes through
  assert.deepEqual(values(dense(x, layers[1])), [-7, 3]);
  p.dispose();
});

test('activate applies f elementwise at any rank (dense rows and conv feature maps alike)', () => {
  const x = tf.tensor4d([-2, -0.5, 0, 1], [1, 2, 2, 1]); // [B, H, W, C]
  const relu = activate(x, 'relu');
  assert.deepEqual(relu.shape, [1, 2, 2, 1]);
  assert.deepEqual(values(relu), [0, 0, 0, 1]);
  const tanh = activate(x, 'tanh');
  assert.deepEqual(
    values(tanh).map((v) => +v.toFixed(4)),
    [-2, -0.5, 0, 1].map((v) => +Math.tanh(v).toFixed(4)),
  );
  assert.equal(activate(x, 'linear'), x);
  tf.dispose([x, relu, tanh]);
});

test("dense computes only the gradients the tape needs: a first layer's data gets no ∂L/∂x", async () => {
  // tf.fused.matMul would compute ∂L/∂x too (its custom gradient returns all three): for the VAE's
  // first layer, on the data, that is one [128, 784]-sized product per step spent on nothing
  const p = new ParamStore(3);
  const [layer] = p.mlp('net', 272, [248]);
  const x = tf.randomNormal([128, 272], 0, 1, 'float32', 1) as tf.Tensor2D;
  const info = await tf.profile(() => {
    const { value, grads } = tf.variableGrads(() => dense(x, layer).sum(), [layer.W, layer.b]);
    return [value, ...Object.values(grads)];
  });
  const products = info.kernels.filter((kernel) => kernel.name === 'BatchMatMul' || kernel.name === '_FusedMatMul');
  assert.equal(products.length, 2, 'x·W, then ∂L/∂W = xᵀ·dy only');
  assert.deepEqual(products[1].inputShapes, [
    [128, 272],
    [128, 248],
  ]);
  tf.dispose([x, ...(info.result as tf.Tensor[])]);
  p.dispose();
});
