/**
 * Matmul with transposed operands, fast on wasm: C = op(A)·op(B) with op(X) ∈ {X, Xᵀ}.
 *
 * Stock wasm's `BatchMatMul` and `_FusedMatMul` are 13–70× slower when `transposeA` or
 * `transposeB` is set, and autodiff uses both: for C = A·B, ∂L/∂A = ∂L/∂C · Bᵀ and
 * ∂L/∂B = Aᵀ · ∂L/∂C. We transpose the flagged operand explicitly (one cheap pass over its data),
 * then call the stock kernel with both flags off, which is its fast path (XNNPACK's gemm).
 * `_FusedMatMul` computes act(op(A)·op(B) + bias) and is handled the same way. Stock wasm's
 * `_FusedMatMul` is also wrong when the batch size is above 1 (it misapplies the bias; the parity
 * test shows it), so batched fused products run as matmul, then `Add`, then the activation kernel.
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
