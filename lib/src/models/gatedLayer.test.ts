import { test } from '../../../test/helpers/backends';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { buildLayer, classBias, gate, gatedLayer, horizontal, vertical, verticalOut } from './gatedLayer';
import { ParamStore } from './params';
import { values } from '../../../test/helpers/models';

test('gate(a) = tanh(a_f) ⊙ σ(a_g) on the two channel halves', () => {
  const a = tf.tensor4d([0.5, -1, 2, 0.25], [1, 1, 1, 4]); // a_f = [0.5, −1], a_g = [2, 0.25]
  const want = [Math.tanh(0.5) / (1 + Math.exp(-2)), Math.tanh(-1) / (1 + Math.exp(-0.25))];
  values(gate(a)).forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-6, `${v} vs ${want[i]}`));
  a.dispose();
});

test('the pieces on a one-row or one-pixel window equal the whole layer at that row and pixel, bit for bit', () => {
  const p = new ParamStore(3);
  const L = buildLayer(p, 'g', 3, 2, 2, 2, { first: false, last: false }); // m = 1, C_in = C = 2, K = 2
  const [S, r, q] = [5, 3, 2];
  tf.tidy(() => {
    const v = tf.randomUniform([1, S, S, 2], -1, 1, 'float32', 1) as tf.Tensor4D;
    const h = tf.randomUniform([1, S, S, 2], -1, 1, 'float32', 2) as tf.Tensor4D;
    const onehot = tf.tensor4d([0, 1], [1, 1, 1, 2]);
    const full = gatedLayer(L, { v, h }, onehot);
    const c = classBias(L, onehot);
    // row r of W_v * v from rows r − 1 … r only; the ↓ link at row r + 1 reads it
    const avRow = vertical(L, tf.slice(v, [0, r - 1, 0, 0], [1, 2, S, 2]), 0); // [1, 1, S, 4]
    assert.deepEqual(values(verticalOut(avRow, c.v)), values(tf.slice(full.v, [0, r, 0, 0], [1, 1, S, 2])));
    // pixel (r + 1, q) of h' from h on columns q − 1 … q of row r + 1 and that row of W_v * v
    const hIn = tf.slice(h, [0, r + 1, q - 1, 0], [1, 1, 2, 2]);
    const above = tf.slice(avRow, [0, 0, q, 0], [1, 1, 1, 4]);
    assert.deepEqual(
      values(horizontal(L, hIn, 0, above, c.h)),
      values(tf.slice(full.h, [0, r + 1, q, 0], [1, 1, 1, 2])),
    );
  });
  p.dispose();
});
