/**
 * tapConv against its definition y = Σ_t X_t K_t differentiated by TF.js autodiff on the cpu
 * backend: values and the gradients of L = Σ y ⊙ G with respect to x and K_T, on cpu and wasm.
 * Tolerance |ours − ref| ≤ 1e-4 + 1e-4·|ref|.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../index';
import { assertParity, on, randn, wasmAndCpu } from '../../../test/helpers/parity';
import { expectNoLeak } from '../../../test/helpers/models';
import { tapConv } from './tapConv';

before(wasmAndCpu);

type TapConv = typeof tapConv;

/** Σ_t X_t K_t, term by term. */
const definition: TapConv = (x, kT, offsets, [OH, OW]) => {
  const [B, , , cin] = x.shape;
  const terms = offsets.map(([r, c], t) => {
    const Xt = tf.reshape(tf.slice(x, [0, r, c, 0], [B, OH, OW, cin]), [B * OH * OW, cin]); // [N, C_in]
    return tf.matMul(Xt, tf.slice(kT, [t * cin, 0], [cin, kT.shape[1]])); // [N, C_out]
  });
  return tf.addN(terms) as tf.Tensor2D;
};

// taps in any order, overlapping windows, one repeated: nothing here relies on a causal mask
const offsets: [number, number][] = [[0, 0], [2, 1], [1, 3], [0, 0], [2, 3]];
const [B, Hp, Wp, cin, cout, OH, OW] = [2, 5, 6, 3, 4, 3, 3];

function valueAndGrads(conv: TapConv): tf.Tensor[] {
  const [x, kT] = [randn([B, Hp, Wp, cin], 1) as tf.Tensor4D, randn([offsets.length * cin, cout], 2) as tf.Tensor2D];
  const G = randn([B * OH * OW, cout], 3);
  const f = (xi: tf.Tensor, ki: tf.Tensor) => tf.sum(tf.mul(conv(xi as tf.Tensor4D, ki as tf.Tensor2D, offsets, [OH, OW]), G));
  return [conv(x, kT, offsets, [OH, OW]), ...tf.grads(f)([x, kT])];
}

test('tapConv = Σ_t X_t K_t, with ∂L/∂x and ∂L/∂K_T, on cpu and on wasm', async () => {
  const ref = await on('cpu', () => valueAndGrads(definition));
  const ours = await on('cpu', () => valueAndGrads(tapConv));
  ref.forEach((r, k) => r.forEach((v, i) => assert.ok(Math.abs(ours[k][i] - v) <= 1e-4 + 1e-4 * Math.abs(v), `cpu output ${k}[${i}]`)));
  await assertParity('tapConv on wasm', () => valueAndGrads(tapConv));
});

test('tapConv leaves only its output allocated, forward and backward', async () => {
  await tf.setBackend('wasm');
  const [x, kT] = [randn([B, Hp, Wp, cin], 1) as tf.Tensor4D, randn([offsets.length * cin, cout], 2) as tf.Tensor2D];
  await expectNoLeak(() => tapConv(x, kT, offsets, [OH, OW]).dispose());
  await expectNoLeak(() => tf.dispose(tf.grads((xi, ki) => tf.sum(tapConv(xi as tf.Tensor4D, ki as tf.Tensor2D, offsets, [OH, OW])))([x, kT])));
  tf.dispose([x, kT]);
});
