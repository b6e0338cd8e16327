/**
 * Slice on wasm as copies of contiguous runs, read in place from the backend's memory.
 *   slice(x, begin, size)[i₀, …, iₙ] = x[begin₀ + i₀, …, beginₙ + iₙ]
 * The axes after the last one that is cut (begin 0, full size) are copied whole, so the output is a
 * sequence of runs of R = size_k · ∏_{a>k} d_a contiguous elements, run j starting in x at
 *   Σ_{a<k} (begin_a + j_a) · stride_a + begin_k · stride_k      (j_a: run j's index on axis a < k).
 * Stock wasm's Slice first copies ALL of x out of the wasm heap into a fresh JS array
 * (`readSync`) and then copies the slice out of that: 12–24 ms to take a [64, 28800] window
 * of a 7 MB tensor, most of a PixelCNN filter gradient's time. Strings and scalars keep the
 * stock kernel.
 */
import * as tf from '@tensorflow/tfjs';
import type { WasmHeap } from './heap';
import { type Info, type KernelCall, registerWasmKernel } from './kernels';

/** Runs shorter than this are copied element by element (a typed-array `set` costs more). */
const SHORT_RUN = 16;

function slice({ inputs, attrs, backend, stock }: KernelCall): Info {
  const { x } = inputs;
  if (x.dtype === 'string' || x.shape.length === 0) return stock!(inputs, attrs);
  const [begin, size] = tf.slice_util.parseSliceParams(
    x as tf.TensorInfo as tf.Tensor,
    attrs.begin as number[],
    attrs.size as number[],
  );
  const heap = backend as unknown as WasmHeap;
  const out = heap.makeOutput(size, x.dtype); // allocate first: it may grow (and move) the heap
  const n = size.reduce((p, d) => p * d, 1);
  if (n === 0) return out;
  const src = heap.typedArrayFromHeap(x),
    dst = heap.typedArrayFromHeap(out);
  const strides = [...tf.util.computeStrides(x.shape), 1];
  // k: the last axis that is cut; the axes after it are whole, so each run spans them
  let k = x.shape.length - 1;
  while (k > 0 && begin[k] === 0 && size[k] === x.shape[k]) k--;
  const run = size[k] * strides[k];
  const idx = new Array<number>(k).fill(0); // odometer over the axes before k
  for (let o = 0; o < n; o += run) {
    let from = begin[k] * strides[k];
    for (let a = 0; a < k; a++) from += (begin[a] + idx[a]) * strides[a];
    if (run < SHORT_RUN) {
      for (let i = 0; i < run; i++) dst[o + i] = src[from + i];
    } else {
      dst.set(src.subarray(from, from + run), o);
    }
    for (let a = k - 1; a >= 0 && ++idx[a] === size[a]; a--) idx[a] = 0;
  }
  return out;
}

/** Replace `Slice` on wasm. */
export function registerSliceKernel(): void {
  registerWasmKernel('Slice', slice);
}
