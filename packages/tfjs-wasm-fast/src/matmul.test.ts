/**
 * Parity of the replaced `BatchMatMul` and `_FusedMatMul` wasm kernels with the cpu backend: values and gradients, all four transpose combinations, batched and broadcast shapes.
 * Tolerance: |Δ| ≤ 1e-4 + 1e-4·|cpu| (float32; inner sizes up to 3000 of N(0, 1) products).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { assertParity, randn, wasmAndCpu } from '../test/parity';
import type { WasmHeap } from './heap';
import { registered } from './kernels';
import { rowGroups } from './matmul';
import { wgradKernel } from './wgrad-kernel';

before(wasmAndCpu);

/** [a shape, b shape] for op(a)·op(b) with op = identity; transposed variants swap the last two axes. */
const SHAPES: [number[], number[]][] = [
  [
    [5, 7],
    [7, 3],
  ],
  [
    [2, 4, 64],
    [2, 64, 9],
  ],
  [
    [1, 6, 16],
    [1, 16, 4],
  ], // batch 1: the stock fused kernel's path
  [
    [3, 6, 5],
    [1, 5, 4],
  ], // broadcast batch: forward only (tfjs-core's matMul gradient rejects it on every backend)
  [
    [2, 2, 3, 8],
    [2, 2, 8, 5],
  ], // rank 4
  // Larger batched products:
  [
    [3, 40, 32],
    [3, 32, 30],
  ],
  [
    [2, 2, 40, 32],
    [2, 2, 32, 30],
  ],
  [
    [4, 40, 32],
    [1, 32, 30],
  ], // broadcast b: forward only
  [
    [1, 40, 32],
    [3, 32, 30],
  ], // broadcast a: forward only
  // wgrad.wat's products (M % 4 = 0, N % 8 = 0), Aᵀ·B as wgrad and the rest as rows of A. Small
  // ones (under 16 MFLOP) on one thread; a long inner dimension (3000 = 46 lines of 64 + 56 for
  // wgrad, 6 k-chunks of 512 rows of B for rows):
  [
    [12, 3000],
    [3000, 16],
  ],
  [
    [1, 8, 2100],
    [1, 2100, 24],
  ],
  // 17 MFLOP: every transpose combination on all threads (272 = 4 lines of 64 + 16; 9 k-chunks of 33)
  [
    [128, 272],
    [272, 248],
  ],
  // Aᵀ·B with a result over 2^19 floats: A transposed, then rows
  [
    [1024, 8],
    [8, 520],
  ],
];

const swapLast2 = (s: number[]) => [...s.slice(0, -2), s[s.length - 1], s[s.length - 2]];

function cases() {
  return SHAPES.flatMap(([sa, sb], k) =>
    [false, true].flatMap((tA) =>
      [false, true].map((tB) => ({ k, tA, tB, sa: tA ? swapLast2(sa) : sa, sb: tB ? swapLast2(sb) : sb })),
    ),
  );
}

test('BatchMatMul and _FusedMatMul are genmodels kernels on wasm', () => {
  assert.ok(registered.has('BatchMatMul') && registered.has('_FusedMatMul'));
});

test('matMul: values and gradients match cpu for every transpose combination', async () => {
  for (const { k, tA, tB, sa, sb } of cases()) {
    await assertParity(`matMul #${k} tA=${tA} tB=${tB}`, () => {
      const a = randn(sa, 1 + k),
        b = randn(sb, 2 + k);
      const y = tf.matMul(a, b, tA, tB);
      if (sa.slice(0, -2).join() !== sb.slice(0, -2).join()) return [y];
      const r = randn(y.shape, 3 + k); // random cotangent: L = Σ y·r
      const [da, db] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.matMul(a, b, tA, tB).mul(r).sum())([a, b]);
      return [y, da, db];
    });
  }
});

test('rows of A·B + bias: the same bits in 1, 2 or 3 groups of rows (threads), uneven groups, k in chunks, C not zeroed first (float64 reference)', async () => {
  await tf.setBackend('wasm');
  const [M, K, N] = [44, 70, 128]; // 11 blocks of 4 rows; k-chunks of 64 rows of B (8192 / 128), then 6
  const a = randn([M, K], 31),
    b = randn([K, N], 32),
    bias = randn([N], 33),
    out = tf.zeros([M, N]);
  const heap = tf.backend() as unknown as WasmHeap;
  const [A, B, C, D] = [a, b, out, bias].map((t) => heap.getMemoryOffset(t.dataId));
  const [av, bv, dv] = [a.dataSync(), b.dataSync(), bias.dataSync()];
  const want = new Float64Array(M * N);
  for (let m = 0; m < M; m++) for (let n = 0; n < N; n++) want[m * N + n] = dv[n];
  for (let m = 0; m < M; m++)
    for (let k = 0; k < K; k++) for (let n = 0; n < N; n++) want[m * N + n] += av[m * K + k] * bv[k * N + n];
  const results = [1, 2, 3].map((G) => {
    heap.typedArrayFromHeap(out).fill(NaN); // the first k-chunk starts from 0, not from C
    const groups = rowGroups(A, B, C, M, K, N, G, D);
    assert.equal(groups.length, G);
    assert.ok(
      groups.every((g) => g.length === 2),
      'two k-chunks a group',
    );
    wgradKernel(tf.backend())!.conv(4, N, groups);
    return Float32Array.from(out.dataSync());
  });
  results[0].forEach((v, i) =>
    assert.ok(Math.abs(v - want[i]) <= 1e-4 * (1 + Math.abs(want[i])), `[${i}] ${v} vs ${want[i]}`),
  );
  assert.deepEqual(results[1], results[0]);
  assert.deepEqual(results[2], results[0]);
  tf.dispose([a, b, bias, out]);
});

test('fused matMul with relu and no bias, long inner dimension: the activation is applied', async () => {
  for (const tA of [false, true]) {
    await assertParity(`fused relu tA=${tA}`, () => {
      const a = randn(tA ? [2100, 8] : [8, 2100], 11),
        b = randn([2100, 16], 12);
      return [tf.fused.matMul({ a, b, transposeA: tA, activation: 'relu' })];
    });
  }
});

test('fused matMul with bias, with relu or none: values and gradients match cpu for every transpose combination', async () => {
  const fusedCases = cases()
    .filter((c) => c.sa.length === 3 && c.sa[0] === c.sb[0])
    .flatMap((c) => (['relu', 'linear'] as const).map((activation) => ({ ...c, activation })));
  for (const { k, tA, tB, sa, sb, activation } of fusedCases) {
    // linear with a bias [N]: rows add it as they store, wgrad then Add
    await assertParity(`fused #${k} tA=${tA} tB=${tB} ${activation}`, () => {
      const a = randn(sa, 4 + k),
        b = randn(sb, 5 + k);
      const bias = randn([tB ? sb[sb.length - 2] : sb[sb.length - 1]], 6 + k);
      const f = (a: tf.Tensor, b: tf.Tensor, bias: tf.Tensor) =>
        tf.fused.matMul({ a, b, bias, transposeA: tA, transposeB: tB, activation });
      const y = f(a, b, bias);
      const r = randn(y.shape, 7 + k);
      const grads = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => f(a, b, c).mul(r).sum())([a, b, bias]);
      return [y, ...grads];
    });
  }
});
