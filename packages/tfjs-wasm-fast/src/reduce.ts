/**
 * Reductions on wasm without stock's slow internal transpose, and sums over leading axes in place.
 *   sum(x, axes)[rest] = Σ_{axes} x
 * Stock reductions (Sum, Mean, Max, Min, Prod) first move the reduced axes innermost with their own
 * 2-D transpose, the slow one ./transpose.ts avoids: summing a bias gradient over [B·H·W, C] took
 * 6 ms. Here they transpose through the registered Transpose kernel, then reduce the innermost
 * axes with the stock kernel.
 * A float32 Sum over leading axes, x viewed as [R, C] with R ≥ LONG_R rows and C a multiple of 8
 * (every bias gradient of a conv or dense layer here), runs in place as wgrad.wat instead, with a
 * 4-column block of ones for its left operand: out[k, c] = Σ_r 1 · x[r, c] for k < 4, row 0 kept.
 */
import * as tf from '@tensorflow/tfjs';
import type { WasmHeap } from './heap';
import { free, type Info, type KernelCall, registerWasmKernel, run } from './kernels';
import { inLines, LINE, wgradKernel, zeros } from './wgrad-kernel';

/**
 * Sums of fewer elements run on the calling thread: a [128, 784] bias gradient took 50 µs on 2
 * threads and 34 on 1 (a worker's wake-up), while a PixelCNN's [25088, 64] took 0.51–0.57 ms on 2
 * and 0.62–0.74 on 1 within a training step (memory-bound: two cores read faster).
 */
const SMALL_SUM = 1 << 18;
/** Rows from which a leading-axes Sum runs in place (below it the transpose costs little; [128, 784]: 360 → 35 µs). */
const LONG_R = 64;

/** A stock reduction, its reduced axes first moved innermost by the registered Transpose (a Sum over leading axes: leadingSum). */
function innermostReduction(name: string) {
  return ({ inputs, attrs, backend, stock }: KernelCall): Info => {
    const { x } = inputs;
    const rank = x.shape.length;
    const axes = tf.util.parseAxisParam(attrs.axis as number | number[], x.shape);
    const summed = name === 'Sum' ? leadingSum(backend, x, axes, attrs.keepDims as boolean) : null;
    if (summed) return summed;
    const perm = tf.backend_util.getAxesPermutation(axes, rank);
    if (perm === null || x.dtype === 'string') return stock!(inputs, attrs);
    const xT = run(backend, 'Transpose', { x }, { perm });
    const inner = tf.backend_util.getInnerMostAxes(axes.length, rank);
    const reduced = stock!({ x: xT }, { ...attrs, axis: inner, keepDims: false });
    const shape = attrs.keepDims ? tf.backend_util.expandShapeToKeepDim(reduced.shape, axes) : reduced.shape;
    const out = run(backend, 'Reshape', { x: reduced }, { shape });
    free(backend, xT, reduced);
    return out;
  };
}

/** Σ over the leading axes of x by wgrad.wat, or null when x is not a long float32 [R, C], C % 8 = 0. */
function leadingSum(backend: KernelCall['backend'], x: Info, axes: number[], keepDims: boolean): Info | null {
  const k = axes.length;
  if (x.dtype !== 'float32' || !axes.every((a, i) => a === i) || k === x.shape.length) return null;
  const R = x.shape.slice(0, k).reduce((p, d) => p * d, 1),
    C = x.shape.slice(k).reduce((p, d) => p * d, 1);
  if (R < LONG_R || C % 8 !== 0) return null;
  const kernel = wgradKernel(backend);
  if (!kernel) return null;
  const heap = backend as unknown as WasmHeap;
  const ones = heap.makeOutput([LINE, 4], 'float32'),
    out = zeros(backend, [4, C]);
  heap.typedArrayFromHeap(ones).fill(1);
  const [A, X, W] = [ones, x, out].map((t) => heap.getMemoryOffset(t.dataId));
  kernel.run(4, C, inLines(R, { a: A, b: X, out: W }, 0, 4 * LINE * C), R * C < SMALL_SUM ? 1 : kernel.threads); // a line stride 0: the same ones every line
  const row = run(backend, 'Slice', { x: out }, { begin: [0, 0], size: [1, C] });
  const shape = keepDims ? [...x.shape.slice(0, k).map(() => 1), ...x.shape.slice(k)] : x.shape.slice(k);
  const sum = run(backend, 'Reshape', { x: row }, { shape });
  free(backend, ones, out, row);
  return sum;
}

/** Reductions whose stock kernels transpose internally. */
export const REDUCTIONS = ['Sum', 'Mean', 'Max', 'Min', 'Prod'];

/** Replace the reductions on wasm. */
export function registerReductionKernels(): void {
  for (const name of REDUCTIONS) registerWasmKernel(name, innermostReduction(name));
}
