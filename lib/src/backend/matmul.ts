/**
 * Matmul with transposed operands, fast on wasm: C = op(A)·op(B) with op(X) ∈ {X, Xᵀ}.
 *
 * Stock wasm's `BatchMatMul` and `_FusedMatMul` are 13–70× slower when `transposeA` or
 * `transposeB` is set, and autodiff uses both: for C = A·B, ∂L/∂A = ∂L/∂C · Bᵀ and
 * ∂L/∂B = Aᵀ · ∂L/∂C. We transpose the flagged operand explicitly (one cheap pass over its data),
 * then call the stock kernel with both flags off, which is its fast path (XNNPACK's gemm).
 * A dense layer's weight gradient Aᵀ·B with a long inner dimension (A [K, M], B [K, N], K ≥ LONG_K
 * rows, M a multiple of 4, N of 8) instead runs wgrad.wat on A and B in place (./wgrad-kernel.ts):
 * the stock product re-packs all of B, single-threaded, first (a PixelCNN 1×1 layer: [25088, 64]).
 * `_FusedMatMul` computes act(op(A)·op(B) + bias) and is handled the same way. Stock wasm's
 * `_FusedMatMul` is also wrong when the batch size is above 1 (it misapplies the bias; the parity
 * test shows it), so batched fused products run as matmul, then `Add`, then the activation kernel.
 */
import * as tf from '@tensorflow/tfjs';
import type { WasmHeap } from './heap';
import { free, type Info, type KernelCall, registerWasmKernel, run } from './kernels';
import { inLines, LINE, wgradKernel, zeros } from './wgrad-kernel';

/** Inner dimensions from which Aᵀ·B runs as wgrad.wat (below it, packing B costs little). */
const LONG_K = 2048;

/** Xᵀ over the last two axes: [..., m, n] → [..., n, m]. */
function transposeLast2(backend: KernelCall['backend'], x: Info): Info {
  const r = x.shape.length;
  const perm = [...Array(r - 2).keys(), r - 1, r - 2];
  return run(backend, 'Transpose', { x }, { perm });
}

/** Aᵀ·B by wgrad.wat for A [.., K, M], B [.., K, N] with no batch (all leading sizes 1), or null. */
function weightGradient(backend: KernelCall['backend'], a: Info, b: Info): Info | null {
  const [K, M] = a.shape.slice(-2), N = b.shape[b.shape.length - 1];
  const single = (t: Info) => t.shape.slice(0, -2).every((d) => d === 1);
  if (K < LONG_K || M % 4 !== 0 || N % 8 !== 0 || !single(a) || !single(b) || a.dtype !== 'float32' || b.dtype !== 'float32') return null;
  const kernel = wgradKernel(backend);
  if (!kernel) return null;
  const heap = backend as unknown as WasmHeap;
  const outer = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const out = zeros(backend, [...outer, M, N]);
  const [A, B, W] = [a, b, out].map((t) => heap.getMemoryOffset(t.dataId));
  kernel.run(M, N, inLines(K, { a: A, b: B, out: W }, 4 * LINE * M, 4 * LINE * N));
  return out;
}

/** A matmul kernel (`BatchMatMul` or `_FusedMatMul`) that never runs the stock transposed path. */
function plainMatMul({ inputs, attrs, backend, stock }: KernelCall): Info {
  const { a, b } = inputs;
  const { transposeA, transposeB } = attrs;
  if (!transposeA && !transposeB) return stock!(inputs, attrs);
  const plain = !inputs.bias && (attrs.activation ?? 'linear') === 'linear'; // BatchMatMul, or a fused one with nothing fused
  const fast = transposeA && !transposeB && plain ? weightGradient(backend, a, b) : null;
  if (fast) return fast;
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
