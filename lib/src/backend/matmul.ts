/**
 * Matmul on wasm without the slow paths: C = op(A)·op(B) with op(X) ∈ {X, Xᵀ}, A·B or its transposes.
 *
 * Stock wasm's `BatchMatMul` and `_FusedMatMul` are 13–70× slower when `transposeA` or
 * `transposeB` is set, and autodiff uses both: for C = A·B, ∂L/∂A = ∂L/∂C · Bᵀ and
 * ∂L/∂B = Aᵀ · ∂L/∂C. Their fast path (XNNPACK's gemm, both flags off) has a second cost: it packs
 * B, single-threaded, whenever B is a tensor it has not packed before, and caches the packing under
 * B. In training every weight is new each step (the optimiser makes it) and every ∂L/∂C is new, so
 * it packs each time: [784, 512] takes 0.9 ms, about 40 % of the product.
 *
 * So a product with no batch, M % 4 = 0, N % 8 = 0 and a result of at most DENSE_MAX_OUT floats
 * runs as wgrad.wat instead (./wgrad-kernel.ts), which reads its operands in place:
 *   C[m, n] = Σ_k Aᵀ[k, m] · B[k, n]
 * It needs Aᵀ and B stored row by row over k, so it transposes A unless `transposeA` (a weight
 * gradient Aᵀ·∂L/∂C then needs no copy at all) and B when `transposeB` (one cheap pass each).
 * The exception is a plain A·B whose B was multiplied before: XNNPACK packs it on its second use
 * and reuses the packing from then on, which wins when weights stay fixed (evaluation, sampling).
 * Products under SMALL_JOB take this path only as Aᵀ·B, on the calling thread (too small to wake a
 * worker for, WgradKernel.threadsFor): with a small B, XNNPACK's packing costs little, and XNNPACK
 * is faster there ([128,512]·[512,40]: 0.14 against 0.37 ms; the VAE's small Aᵀ·B 0.2–0.5 → 0.07–0.18 ms).
 * Measured on 2 threads, VAE shapes, new B each time: X·W [128,784]·[784,512] 2.6 → 1.8 ms,
 * ∂L/∂C·Wᵀ 2.8 → 1.9 ms, Xᵀ·∂L/∂C 2.4 → 1.3 ms. PixelCNN's 1×1 weight gradients,
 * [64, 25088]·[25088, 64], took this path before the rest did: 18.7 → 2.7 ms.
 * Results larger than DENSE_MAX_OUT stay with XNNPACK: wgrad re-reads its output once per line
 * of rows, and 1024×1024 ran at 53 GFLOP/s against XNNPACK's 67 with packing.
 * Otherwise the flagged operand is transposed explicitly and the stock kernel runs with both flags off.
 * `_FusedMatMul` computes act(op(A)·op(B) + bias) and is handled the same way with nothing fused.
 * Stock wasm's `_FusedMatMul` is also wrong when the batch size is above 1 (it misapplies the bias;
 * the parity test shows it), so batched fused products run as matmul, then `Add`, then the activation kernel.
 */
import * as tf from '@tensorflow/tfjs';
import type { WasmHeap } from './heap';
import { free, type Info, type KernelCall, registerWasmKernel, run } from './kernels';
import { inLines, SMALL_JOB, wgradKernel, zeros } from './wgrad-kernel';

/** Largest result (floats) run as wgrad.wat: 2 MB, which stays in a core's L2 between lines. */
const DENSE_MAX_OUT = 1 << 19;
/** Rows of Aᵀ and B per line: 64 beat 32 by 10–15 % on the VAE's products; on PixelCNN's 1×1 weight gradients they were level within a training step. */
const DENSE_LINE = 64;
/** B operands (dataIds) of plain A·B products run so far: XNNPACK gets them from their second use. */
const multiplied = new WeakSet<object>();

/** Xᵀ over the last two axes: [..., m, n] → [..., n, m]. */
function transposeLast2(backend: KernelCall['backend'], x: Info): Info {
  const r = x.shape.length;
  const perm = [...Array(r - 2).keys(), r - 1, r - 2];
  return run(backend, 'Transpose', { x }, { perm });
}

/** op(A)·op(B) by wgrad.wat (see the header), or null where it does not apply. */
function denseProduct(backend: KernelCall['backend'], a: Info, b: Info, transposeA: boolean, transposeB: boolean): Info | null {
  const single = (t: Info) => t.shape.slice(0, -2).every((d) => d === 1);
  if (!single(a) || !single(b) || a.dtype !== 'float32' || b.dtype !== 'float32') return null;
  const [ra, ca] = a.shape.slice(-2), [rb, cb] = b.shape.slice(-2);
  const [M, K, N] = [transposeA ? ca : ra, transposeA ? ra : ca, transposeB ? rb : cb];
  if (M % 4 !== 0 || N % 8 !== 0 || M * N > DENSE_MAX_OUT) return null;
  if (2 * M * N * K < SMALL_JOB && !transposeA) return null; // XNNPACK's packing of a small B costs little
  const kernel = wgradKernel(backend);
  if (!kernel) return null;
  if (!transposeA && !transposeB) {
    if (multiplied.has(b.dataId)) return null; // XNNPACK packs it now and keeps the packing
    multiplied.add(b.dataId);
  }
  const heap = backend as unknown as WasmHeap;
  const aT = transposeA ? a : transposeLast2(backend, a); // [.., K, M]
  const bK = transposeB ? transposeLast2(backend, b) : b; // [.., K, N]
  const outer = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const out = zeros(backend, [...outer, M, N]);
  const [A, B, C] = [aT, bK, out].map((t) => heap.getMemoryOffset(t.dataId));
  kernel.run(M, N, inLines(K, { a: A, b: B, out: C }, 4 * DENSE_LINE * M, 4 * DENSE_LINE * N, DENSE_LINE), kernel.threadsFor(2 * M * N * K));
  free(backend, ...[aT, bK].filter((t) => t !== a && t !== b));
  return out;
}

/** A matmul kernel (`BatchMatMul` or `_FusedMatMul`) that never runs the stock transposed path. */
function plainMatMul({ inputs, attrs, backend, stock }: KernelCall): Info {
  const { a, b } = inputs;
  const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
  const plain = !inputs.bias && (attrs.activation ?? 'linear') === 'linear'; // BatchMatMul, or a fused one with nothing fused
  const fast = plain ? denseProduct(backend, a, b, transposeA, transposeB) : null;
  if (fast) return fast;
  if (!transposeA && !transposeB) return stock!(inputs, attrs);
  const aPlain = transposeA ? transposeLast2(backend, a) : a; // [..., m, k]
  const bPlain = transposeB ? transposeLast2(backend, b) : b; // [..., k, n]
  const out = stock!({ ...inputs, a: aPlain, b: bPlain }, { ...attrs, transposeA: false, transposeB: false });
  free(backend, ...[aPlain, bPlain].filter((t) => t !== a && t !== b));
  return out;
}

/** Stock wasm kernels for each fusable activation (`prelu` takes its weights as `alpha`). */
const ACTIVATION: Record<string, string | undefined> = {
  linear: undefined, relu: 'Relu', relu6: 'Relu6', elu: 'Elu', sigmoid: 'Sigmoid', prelu: 'Prelu', leakyrelu: 'LeakyRelu',
};

/** act(op(A)·op(B) + bias), unfused; for batched products, where the stock fused kernel is wrong. */
function unfusedMatMul({ inputs, attrs, backend }: KernelCall): Info {
  const { a, b, bias, preluActivationWeights: alpha } = inputs;
  const activation = attrs.activation as string;
  if (!(activation in ACTIVATION)) throw new Error(`_FusedMatMul: unknown activation "${activation}"`);
  const made: Info[] = [run(backend, 'BatchMatMul', { a, b }, attrs)]; // [batch, m, n]
  if (bias) made.push(run(backend, 'Add', { a: made[0], b: bias }));
  const kernel = ACTIVATION[activation];
  if (kernel) made.push(run(backend, kernel, { x: made[made.length - 1], alpha }, { alpha: attrs.leakyreluAlpha }));
  const out = made.pop()!;
  free(backend, ...made);
  return out;
}

/** `_FusedMatMul`: unfused when batched (stock bug), else the stock kernel on plain operands. */
function fusedMatMul(call: KernelCall): Info {
  const { a, b } = call.inputs;
  const batch = Math.max(a.shape[0], b.shape[0]); // the kernel's inputs are rank 3: [batch, ·, ·]
  return batch > 1 ? unfusedMatMul(call) : plainMatMul(call);
}

/** Replace the wasm `BatchMatMul` and `_FusedMatMul` kernels. */
export function registerMatMulKernels(): void {
  registerWasmKernel('BatchMatMul', plainMatMul);
  registerWasmKernel('_FusedMatMul', fusedMatMul);
}
