/**
 * Matmul with transposed operands, fast on wasm: C = op(A)·op(B) with op(X) ∈ {X, Xᵀ}.
 *
 * Stock wasm's `BatchMatMul` and `_FusedMatMul` are 13–70× slower when `transposeA` or
 * `transposeB` is set, and autodiff uses both: for C = A·B, ∂L/∂A = ∂L/∂C · Bᵀ and
 * ∂L/∂B = Aᵀ · ∂L/∂C. We transpose the flagged operand explicitly (one cheap pass over its data),
 * then call the stock kernel with both flags off, which is its fast path (XNNPACK's gemm).
 * `_FusedMatMul` computes act(op(A)·op(B) + bias) and is handled the same way.
 */
import { free, type Info, type KernelCall, registerWasmKernel, run } from './kernels';

/** Xᵀ over the last two axes: [..., m, n] → [..., n, m]. */
function transposeLast2(backend: KernelCall['backend'], x: Info): Info {
  const r = x.shape.length;
  const perm = [...Array(r - 2).keys(), r - 1, r - 2];
  return run(backend, 'Transpose', { x }, { perm });
}

/** A matmul kernel (`BatchMatMul` or `_FusedMatMul`) that never runs the stock transposed path. */
function plainMatMul({ inputs, attrs, backend, stock }: KernelCall): Info {
  const { a, b } = inputs;
  const { transposeA, transposeB } = attrs;
  if (!transposeA && !transposeB) return stock!(inputs, attrs);
  const aPlain = transposeA ? transposeLast2(backend, a) : a; // [..., m, k]
  const bPlain = transposeB ? transposeLast2(backend, b) : b; // [..., k, n]
  const out = stock!({ ...inputs, a: aPlain, b: bPlain }, { ...attrs, transposeA: false, transposeB: false });
  free(backend, ...[aPlain, bPlain].filter((t) => t !== a && t !== b));
  return out;
}

/** Replace the wasm `BatchMatMul` and `_FusedMatMul` kernels. */
export function registerMatMulKernels(): void {
  registerWasmKernel('BatchMatMul', plainMatMul);
  registerWasmKernel('_FusedMatMul', plainMatMul);
}
