/**
 * maskedConv2d against the plain reference conv2d(x, K ⊙ M) + b on the cpu backend: forward
 * values and the gradients of L = Σ y ⊙ G (G a fixed random cotangent) with respect to x, K and b,
 * each computed by maskedConv2d on cpu and on wasm (genmodels' conv-gradient kernels), for masks
 * A and B, k = 3, 5, 7, C_in 1 and 3, 'same' and 'valid', odd sizes, batch 1 and 2, and 48-pixel
 * images. Tolerance |ours − ref| ≤ 1e-4 + 1e-4·|ref| + 2e-6·max|ref| (the last term for ∂L/∂K, a
 * float32 sum over B·OH·OW ≈ 4500 products that cancel).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../index';
import { on, randn, wasmAndCpu } from '../../../test/helpers/parity';
import { expectNoLeak } from '../../../test/helpers/models';
import { causalMask, maskedConv2d, type MaskType, maskTensor } from './maskedConv';

before(wasmAndCpu);

type Conv = (x: tf.Tensor4D, K: tf.Tensor4D, M: tf.Tensor4D, b: tf.Tensor, padding: 'same' | 'valid') => tf.Tensor4D;
const reference: Conv = (x, K, M, b, padding) =>
  tf.add(tf.conv2d(x, tf.mul(K, M) as tf.Tensor4D, 1, padding), b) as tf.Tensor4D;

interface Case {
  k: number;
  type: MaskType;
  cin: number;
  batch: number;
  H: number;
  W: number;
  padding: 'same' | 'valid';
}

/** [y, ∂L/∂x, ∂L/∂K, ∂L/∂b] for L = Σ conv(x, K, M, b) ⊙ G, all seeded from the case. */
function forwardAndGrads(conv: Conv, { k, type, cin, batch, H, W, padding }: Case): tf.Tensor[] {
  const cout = 4;
  const [x, K, b] = [randn([batch, H, W, cin], 1), randn([k, k, cin, cout], 2), randn([cout], 3)];
  const M = maskTensor(k, type);
  const y = conv(x as tf.Tensor4D, K as tf.Tensor4D, M, b, padding);
  const G = randn(y.shape, 4);
  const grads = tf.grads((xi, Ki, bi) => tf.sum(tf.mul(conv(xi as tf.Tensor4D, Ki as tf.Tensor4D, M, bi, padding), G)))(
    [x, K, b],
  );
  return [y, ...grads];
}

function assertClose(label: string, got: Float32Array, want: Float32Array): void {
  assert.equal(got.length, want.length, `${label}: sizes differ`);
  const scale = want.reduce((mx, v) => Math.max(mx, Math.abs(v)), 0);
  for (let i = 0; i < got.length; i++) {
    const err = Math.abs(got[i] - want[i]);
    if (!(err <= 1e-4 + 1e-4 * Math.abs(want[i]) + 2e-6 * scale))
      assert.fail(`${label}[${i}]: ${got[i]} vs reference ${want[i]} (|Δ| ${err.toExponential(2)})`);
  }
}

const cases: Case[] = [];
for (const k of [3, 5, 7])
  for (const type of ['A', 'B'] as const)
    for (const cin of [1, 3]) {
      cases.push({ k, type, cin, batch: 1, H: 5, W: 7, padding: 'same' });
      cases.push({ k, type, cin, batch: 2, H: k + 2, W: k + 4, padding: 'valid' });
    }
for (const k of [3, 7])
  for (const type of ['A', 'B'] as const) {
    cases.push({ k, type, cin: 3, batch: 2, H: 48, W: 47, padding: 'same' });
    cases.push({ k, type, cin: 3, batch: 2, H: 48 + k - 1, W: 45 + k - 1, padding: 'valid' });
  }

for (const c of cases) {
  const name = `k ${c.k} mask ${c.type} C_in ${c.cin} batch ${c.batch} ${c.H}×${c.W} '${c.padding}'`;
  test(`maskedConv2d = conv2d(x, K ⊙ M) + b with its gradients, on cpu and wasm: ${name}`, async () => {
    const ref = await on('cpu', () => forwardAndGrads(reference, c));
    for (const backend of ['cpu', 'wasm'] as const) {
      const ours = await on(backend, () => forwardAndGrads(maskedConv2d, c));
      ['y', '∂L/∂x', '∂L/∂K', '∂L/∂b'].forEach((what, i) => assertClose(`${backend} ${what}`, ours[i], ref[i]));
      const perTap = c.cin * 4; // ∂L/∂K is [k, k, C_in, 4]: tap t owns entries t·perTap …
      causalMask(c.k, c.type)
        .flat()
        .forEach((m, t) => {
          if (!m)
            assert.ok(
              ours[2].slice(t * perTap, (t + 1) * perTap).every((v) => v === 0),
              `${backend}: masked tap ${t} got a gradient`,
            );
        });
    }
  });
}

test('maskedConv2d leaves only its output allocated, forward and backward, on wasm', async () => {
  await tf.setBackend('wasm');
  const [x, K, b, M] = [
    randn([2, 6, 6, 3], 1) as tf.Tensor4D,
    randn([3, 3, 3, 4], 2) as tf.Tensor4D,
    randn([4], 3),
    maskTensor(3, 'B'),
  ];
  await expectNoLeak(() => maskedConv2d(x, K, M, b).dispose());
  await expectNoLeak(() =>
    tf.dispose(tf.grads((xi, Ki) => tf.sum(maskedConv2d(xi as tf.Tensor4D, Ki as tf.Tensor4D, M, b)))([x, K])),
  );
  tf.dispose([x, K, b, M]);
});
