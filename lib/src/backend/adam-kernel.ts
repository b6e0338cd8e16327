/**
 * Adam's fused update as a wasm SIMD kernel (adam.wat) running on the wasm backend's own memory:
 *   m' = β₁ m + (1 − β₁) g,  v' = β₂ v + (1 − β₂) g²,  θ' = θ + (−η)(m' r₁) / (√(v' r₂) + ε)
 * with r₁ = 1/(1 − β₁ᵗ), r₂ = 1/(1 − β₂ᵗ). One instance per backend memory; the threaded build's
 * memory is shared, the single-threaded one's is not, and each needs its own variant of the module.
 * Arguments are byte offsets into that memory (the backend's `getMemoryOffset`).
 */
import { ADAM_WASM } from './adam-wasm';

export interface AdamPointers { g: number; m: number; v: number; theta: number; mOut: number; vOut: number; thetaOut: number }
export interface AdamScalars { b1: number; b2: number; c1: number; c2: number; r1: number; r2: number; lr: number; eps: number }
export type AdamKernel = (p: AdamPointers, n: number, s: AdamScalars) => void;

type RawAdam = (...args: number[]) => void;
/** The part of the WebAssembly JS API used here (lib's TypeScript config has no DOM/wasm types). */
interface Memory { buffer: ArrayBufferLike }
interface WasmApi {
  Memory: abstract new (...args: never[]) => Memory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
interface EmscriptenModule { wasmMemory?: Memory; asm?: { memory?: Memory } }

const kernels = new WeakMap<Memory, AdamKernel>();

/** The kernel over `backend`'s memory (a tfjs-backend-wasm BackendWasm), or null when its memory cannot be found. */
export function adamKernel(backend: unknown): AdamKernel | null {
  const module = (backend as { wasm?: EmscriptenModule }).wasm;
  const memory = module?.wasmMemory ?? module?.asm?.memory;
  if (!(memory instanceof WA.Memory)) return null;
  let kernel = kernels.get(memory);
  if (!kernel) {
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    const bytes = Buffer.from(shared ? ADAM_WASM.shared : ADAM_WASM.unshared, 'base64');
    const raw = new WA.Instance(new WA.Module(bytes), { env: { memory } }).exports.adam as RawAdam;
    kernel = (p, n, s) => raw(p.g, p.m, p.v, p.theta, p.mOut, p.vOut, p.thetaOut, n, s.b1, s.b2, s.c1, s.c2, s.r1, s.r2, s.lr, s.eps);
    kernels.set(memory, kernel);
  }
  return kernel;
}
