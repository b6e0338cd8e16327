/**
 * Tile on wasm as block copies. tile(x, r)[i₀, …, iₙ] = x[i₀ mod d₀, …, iₙ mod dₙ]: repeating axis a
 * r_a times is a concatenation of r_a copies of x along a, and each copy is a run of contiguous
 * blocks of ∏_{b ≥ a} d_b elements. Stock wasm computes every element's source index instead
 * (about 80 ns per element: tiling an IWAE batch, x [1, 5, 784] to [100, 5, 784], took 30 of the
 * 50 ms of the whole estimate). Tiles whose blocks are short (under MIN_BLOCK elements, where
 * per-block overhead would dominate) keep the stock kernel.
 */
import { free, type Info, type KernelCall, registerWasmKernel, run } from './kernels';

/** The shortest contiguous block worth a copy of its own. */
const MIN_BLOCK = 64;

function tile({ inputs, attrs, backend, stock }: KernelCall): Info {
  const { x } = inputs;
  const reps = attrs.reps as number[];
  const axes = reps.flatMap((r, a) => (r > 1 ? [a] : []));
  const block = (a: number) => x.shape.slice(a).reduce((p, d) => p * d, 1);
  if (axes.length === 0 || axes.some((a) => block(a) < MIN_BLOCK) || x.dtype === 'string') return stock!(inputs, attrs);
  // innermost axis first: later concatenations then copy the longer, already tiled blocks
  let out = x;
  for (const a of axes.reverse()) {
    const copies = Array.from({ length: reps[a] }, () => out);
    const next = run(backend, 'Concat', copies as unknown as Record<string, Info>, { axis: a });
    if (out !== x) free(backend, out);
    out = next;
  }
  return out;
}

/** Replace `Tile` on wasm. */
export function registerTileKernel(): void {
  registerWasmKernel('Tile', tile);
}
