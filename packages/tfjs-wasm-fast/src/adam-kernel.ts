/**
 * Adam's fused update as a wasm SIMD kernel (adam.wat) running on the wasm backend's own memory:
 *   m' = β₁ m + (1 − β₁) g,  v' = β₂ v + (1 − β₂) g²,  θ' = θ + (−η)(m' r₁) / (√(v' r₂) + ε)
 * with r₁ = 1/(1 − β₁ᵗ), r₂ = 1/(1 − β₂ᵗ). One instance per backend memory (./heap.ts).
 * Arguments are byte offsets into that memory (the backend's `getMemoryOffset`).
 */
import { ADAM_WASM } from './adam-wasm';
import { backendMemory, compile, instantiate, type Memory } from './heap';

export interface AdamPointers {
  g: number;
  m: number;
  v: number;
  theta: number;
  mOut: number;
  vOut: number;
  thetaOut: number;
}
export interface AdamScalars {
  b1: number;
  b2: number;
  c1: number;
  c2: number;
  r1: number;
  r2: number;
  lr: number;
  eps: number;
}
export type AdamKernel = (p: AdamPointers, n: number, s: AdamScalars) => void;

type RawAdam = (...args: number[]) => void;

const kernels = new WeakMap<Memory, AdamKernel>();

/** The kernel over `backend`'s memory (a tfjs-backend-wasm BackendWasm), or null when its memory cannot be found. */
export function adamKernel(backend: unknown): AdamKernel | null {
  const memory = backendMemory(backend);
  if (!memory) return null;
  let kernel = kernels.get(memory);
  if (!kernel) {
    const raw = instantiate<RawAdam>(compile(ADAM_WASM, memory), memory, 'adam');
    kernel = (p, n, s) =>
      raw(p.g, p.m, p.v, p.theta, p.mOut, p.vOut, p.thetaOut, n, s.b1, s.b2, s.c1, s.c2, s.r1, s.r2, s.lr, s.eps);
    kernels.set(memory, kernel);
  }
  return kernel;
}
