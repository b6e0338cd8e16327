/**
 * Transpose on wasm without the cache-aliasing slow path, and reductions that use it.
 *   transpose(x, π)[i_π(0), …, i_π(n)] = x[i₀, …, iₙ]
 * Dropping size-1 axes and merging input axes that stay adjacent and in order, most transposes
 * are a 2-D one, [R, C] → [C, R]. Stock wasm's 2-D transpose is 2–10× slower when its output rows
 * of R floats span a multiple of 2 KB (R a multiple of 512: successive writes fall in the same
 * cache sets). Measured: [25088, 64] (a PixelCNN activation, B·28·28 rows) 8.7 ms, against 1.3 ms
 * as the same data viewed as [d, R/d, C] with permutation [2, 0, 1], which stock wasm's 3-D kernel
 * walks in a friendlier order; [512, 784] 1.96 vs 0.2 ms; [1024, 1024] 8.3 vs 3.9 ms. Other row
 * counts (784, and 28800 = 32·30·30, where the 3-D form is slower: 1.5 vs 0.8 ms) keep the stock path.
 * Stock reductions transpose with the slow kernel internally; ./reduce.ts routes them through this one.
 */
import { free, type Info, type KernelCall, registerWasmKernel, run } from './kernels';

/** Rows R (as a multiple of this: 2 KB strides) at which the stock 2-D transpose is slow. */
const ALIASING_ROWS = 512;

/** Drop size-1 axes and merge input axes that stay adjacent in order: the same transpose, fewer axes. */
export function collapse(shape: number[], perm: number[]): { shape: number[]; perm: number[] } {
  const kept = perm.filter((a) => shape[a] !== 1); // output order, size-1 axes dropped
  const groups: number[][] = []; // runs of consecutive input axes, in output order
  for (const a of kept) {
    const last = groups[groups.length - 1];
    if (last && last[last.length - 1] + 1 === a) last.push(a);
    else groups.push([a]);
  }
  const byInput = [...groups].sort((g, h) => g[0] - h[0]);
  return {
    shape: byInput.map((g) => g.reduce((p, a) => p * shape[a], 1)),
    perm: groups.map((g) => byInput.indexOf(g)),
  };
}

/** A divisor d of n with 8 ≤ d and n/d ≥ 8, or 0. */
function split(n: number): number {
  for (let d = 8; d * d <= n; d++) if (n % d === 0) return d;
  return 0;
}

function transpose({ inputs, attrs, backend, stock }: KernelCall): Info {
  const { x } = inputs;
  const perm = attrs.perm as number[];
  const c = collapse(x.shape, perm);
  const [R, C] = c.shape;
  const d = c.perm.length === 2 && c.perm[0] === 1 && R % ALIASING_ROWS === 0 ? split(R) : 0;
  if (d === 0 || x.dtype === 'string') return stock!(inputs, attrs);
  const x3 = run(backend, 'Reshape', { x }, { shape: [d, R / d, C] });
  const t = stock!({ x: x3 }, { perm: [2, 0, 1] }); // [C, d, R/d]
  const out = run(backend, 'Reshape', { x: t }, { shape: perm.map((a) => x.shape[a]) });
  free(backend, x3, t);
  return out;
}

/** Replace `Transpose` on wasm. */
export function registerTransposeKernel(): void {
  registerWasmKernel('Transpose', transpose);
}
