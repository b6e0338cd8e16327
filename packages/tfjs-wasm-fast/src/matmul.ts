/**
 * Matmul on wasm without the slow paths: C = op(A)·op(B) with op(X) ∈ {X, Xᵀ}, A·B or its transposes.
 *
 * Stock wasm's `BatchMatMul` and `_FusedMatMul` are 13–70× slower when `transposeA` or
 * `transposeB` is set, and autodiff uses both: for C = A·B, ∂L/∂A = ∂L/∂C · Bᵀ and
 * ∂L/∂B = Aᵀ · ∂L/∂C. Their fast path (XNNPACK's gemm, both flags off) has two more costs here: it
 * packs B, single-threaded, whenever B is a tensor it has not packed before (in training every
 * weight and every ∂L/∂C is new each step: [784, 512] takes 0.9 ms, about 40 % of the product), and
 * XNNPACK runs on one thread (./wasm.ts says why).
 *
 * So a product with no batch, M % 4 = 0 and N % 8 = 0 runs on wgrad.wat's kernels, on every core
 * (./wgrad-kernel.ts), reading its operands in place:
 *   Aᵀ·B (a weight gradient Xᵀ·∂L/∂Y), for results up to DENSE_MAX_OUT floats, as `wgrad`:
 *     C[m, n] = Σ_k Aᵀ[k, m] · B[k, n]      rows of Aᵀ and B cut into lines of DENSE_LINE
 *   anything else as `conv` over rows of A (a 1×1 convolution is this product):
 *     C[m, n] = Σ_k A[m, k] · B[k, n]       4 rows of A at a time, k in chunks of B_CHUNK / N rows
 * B is transposed first when `transposeB` (one cheap pass, B is a weight or a gradient of one), A
 * when `transposeA` and the result is too large for `wgrad`. Products under SMALL_JOB run on the
 * calling thread alone (too small to wake a worker for, WgradKernel.threadsFor).
 * Measured on 2 threads, B new each time, before (wgrad with A transposed, or XNNPACK on 2 threads)
 * and after: X·W [128,784]·[784,512] 1.62 → 1.16 ms; ∂L/∂C·Wᵀ 1.91 → 1.44; PixelCNN's 1×1 layers
 * [25088,64]·[64,64] 2.55 → 2.40 (XNNPACK before); the VAE's small [128,512]·[512,40] 0.127 → 0.102
 * (XNNPACK before, now on one thread). [1024,1024]² is slower than XNNPACK was with 2 threads and
 * its packing of B cached: 27.7 → 31.1 ms here, 75 → 53–63 GFLOP/s in `npm run bench`'s sgemm1024;
 * XNNPACK on one thread takes 46–49 ms.
 * Otherwise the flagged operand is transposed explicitly and the stock kernel runs with both flags off.
 * `_FusedMatMul` computes act(op(A)·op(B) + bias). With no activation and a bias [N] (a dense
 * layer's) it runs as above, the rows adding the bias as they store C (same float operations as an
 * `Add` after, one pass over C fewer); with anything else fused, the stock kernel runs on
 * explicitly transposed operands.
 * Stock wasm's `_FusedMatMul` is also wrong when the batch size is above 1 (it misapplies the bias;
 * the parity test shows it), so batched fused products run as matmul, then `Add`, then the activation kernel.
 */
import * as tf from '@tensorflow/tfjs';
import type { WasmHeap } from './heap';
import { free, type Info, type KernelCall, registerWasmKernel, run } from './kernels';
import { type ConvSegment, inLines, wgradKernel, zeros } from './wgrad-kernel';

/** Largest result (floats) of Aᵀ·B run as `wgrad`, which re-reads its output once per line: 2 MB stays in a core's L2. */
const DENSE_MAX_OUT = 1 << 19;
/** Rows of Aᵀ and B per `wgrad` line: 64 beat 32 by 10–15 % on the VAE's products; on PixelCNN's 1×1 weight gradients they were level within a training step. */
const DENSE_LINE = 64;
/**
 * Floats of B per k-chunk of a row product: 32 KB stays in L1 while every 4-row block of A passes.
 * [1024,1024]² ran at 72 GFLOP/s with 32 KB chunks and 46–52 with 64–1024 KB (B's rows then
 * fall out of L1); the VAE's and PixelCNN's products were level or faster.
 */
const B_CHUNK = 1 << 13;

/** Xᵀ over the last two axes: [..., m, n] → [..., n, m]. */
function transposeLast2(backend: KernelCall['backend'], x: Info): Info {
  const r = x.shape.length;
  const perm = [...Array(r - 2).keys(), r - 1, r - 2];
  return run(backend, 'Transpose', { x }, { perm });
}

/** op(A)·op(B) (+ a bias [N]) on wgrad.wat's kernels (see the header), or null where they do not apply. */
function denseProduct(
  backend: KernelCall['backend'],
  a: Info,
  b: Info,
  transposeA: boolean,
  transposeB: boolean,
  bias?: Info,
): Info | null {
  const single = (t: Info) => t.shape.slice(0, -2).every((d) => d === 1);
  if (!single(a) || !single(b) || a.dtype !== 'float32' || b.dtype !== 'float32') return null;
  const [ra, ca] = a.shape.slice(-2),
    [rb, cb] = b.shape.slice(-2);
  const [M, K, N] = [transposeA ? ca : ra, transposeA ? ra : ca, transposeB ? rb : cb];
  if (M % 4 !== 0 || N % 8 !== 0) return null;
  const kernel = wgradKernel(backend);
  if (!kernel) return null;
  const heap = backend as unknown as WasmHeap;
  const threads = kernel.threadsFor(2 * M * N * K);
  const columns = transposeA && M * N <= DENSE_MAX_OUT; // Aᵀ·B as wgrad, A read in place
  const aRows = transposeA && !columns ? transposeLast2(backend, a) : a; // [.., K, M] if columns, else [.., M, K]
  const bK = transposeB ? transposeLast2(backend, b) : b; // [.., K, N]
  const outer = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const out = columns ? zeros(backend, [...outer, M, N]) : heap.makeOutput([...outer, M, N], 'float32'); // rows write every float of C
  const [A, B, C] = [aRows, bK, out].map((t) => heap.getMemoryOffset(t.dataId));
  if (columns)
    kernel.run(M, N, inLines(K, { a: A, b: B, out: C }, 4 * DENSE_LINE * M, 4 * DENSE_LINE * N, DENSE_LINE), threads);
  else kernel.conv(4, N, rowGroups(A, B, C, M, K, N, threads, bias ? heap.getMemoryOffset(bias.dataId) : 0));
  free(backend, ...[aRows, bK].filter((t) => t !== a && t !== b));
  if (!columns || !bias) return out;
  const sum = run(backend, 'Add', { a: out, b: bias }); // wgrad accumulates, so its bias comes after
  free(backend, out);
  return sum;
}

/**
 * C = A·B (+ bias) as `conv` segments (byte offsets A [M, K], B [K, N], C [M, N], row-major, bias
 * [N] or 0): `groups` runs of 4-row blocks, one per thread, each one segment per k-chunk; a
 * segment's lines are its group's 4-row blocks, and its one "tap" is the chunk's rows of B. The
 * first chunk starts from 0 and the last adds the bias, so C need not be zeroed.
 */
export function rowGroups(
  A: number,
  B: number,
  C: number,
  M: number,
  K: number,
  N: number,
  groups: number,
  bias = 0,
): ConvSegment[][] {
  const kc = Math.max(8, Math.floor(B_CHUNK / N), Math.ceil(K / 1024)),
    blocks = M / 4,
    G = Math.min(groups, blocks); // ≤ 1024 segments a group
  return Array.from({ length: G }, (_, g) => {
    const r0 = 4 * Math.floor((blocks * g) / G),
      r1 = 4 * Math.floor((blocks * (g + 1)) / G);
    const chunks = Math.ceil(K / kc);
    return Array.from({ length: chunks }, (_, i) => ({
      a: A + 4 * (r0 * K + i * kc),
      b: B + 4 * i * kc * N,
      out: C + 4 * r0 * N,
      N: (r1 - r0) / 4,
      J: Math.min(kc, K - i * kc),
      aLine: 16 * K,
      bLine: 0,
      outLine: 16 * N,
      pStep: 4 * K,
      fresh: i === 0,
      bias: i === chunks - 1 ? bias : 0,
    }));
  });
}

/** A matmul kernel (`BatchMatMul` or `_FusedMatMul`) that never runs the stock transposed path. */
function plainMatMul({ inputs, attrs, backend, stock }: KernelCall): Info {
  const { a, b, bias } = inputs;
  const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
  const N = transposeB ? b.shape[b.shape.length - 2] : b.shape[b.shape.length - 1];
  const rowBias =
    !bias ||
    (bias.dtype === 'float32' &&
      bias.shape.length > 0 &&
      bias.shape.every((d, i) => d === (i === bias.shape.length - 1 ? N : 1)));
  const plain = rowBias && (attrs.activation ?? 'linear') === 'linear'; // BatchMatMul, or a fused one with at most a bias [N]
  const fast = plain ? denseProduct(backend, a, b, transposeA, transposeB, bias) : null;
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
  linear: undefined,
  relu: 'Relu',
  relu6: 'Relu6',
  elu: 'Elu',
  sigmoid: 'Sigmoid',
  prelu: 'Prelu',
  leakyrelu: 'LeakyRelu',
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
