/**
 * The wasm backend's memory (its heap), as seen from JavaScript, and hand-written kernels
 * (NAME.wat, assembled into NAME-wasm.ts) instantiated over it. A tensor's data lives at a byte
 * offset in that one memory, so a kernel given offsets reads and writes tensors in place.
 * The threaded build's memory is shared (and may be handed to worker threads), the single-threaded
 * one's is not, and each needs its own variant of a kernel module.
 */
import type * as tf from '@tensorflow/tfjs';

/** The parts of tfjs-backend-wasm's BackendWasm used by this package's kernels. */
export interface WasmHeap {
  refCount(dataId: object): number;
  incRef(dataId: object): void;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
  getMemoryOffset(dataId: object): number;
}

/** The part of the WebAssembly JS API used here (lib's TypeScript config has no DOM/wasm types). */
export interface Memory {
  buffer: ArrayBufferLike;
}
export interface WasmModule {
  readonly brand?: 'WebAssembly.Module';
}
interface WasmApi {
  Memory: abstract new (...args: never[]) => Memory;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: Record<string, unknown> };
}
export const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
interface EmscriptenModule {
  wasmMemory?: Memory;
  asm?: { memory?: Memory };
}

/** A kernel's two assembled variants, base64. */
export interface KernelBytes {
  shared: string;
  unshared: string;
}

/** The memory of `backend` (a tfjs-backend-wasm BackendWasm), or null when it cannot be found. */
export function backendMemory(backend: unknown): Memory | null {
  const module = (backend as { wasm?: EmscriptenModule }).wasm;
  const memory = module?.wasmMemory ?? module?.asm?.memory;
  return memory instanceof WA.Memory ? memory : null;
}

export const isShared = (memory: Memory) =>
  typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;

/** The compiled module of the variant that fits `memory`. */
export function compile(bytes: KernelBytes, memory: Memory): WasmModule {
  return new WA.Module(Buffer.from(isShared(memory) ? bytes.shared : bytes.unshared, 'base64'));
}

/** Export `name` of `module` instantiated over `memory`. */
export function instantiate<F>(module: WasmModule, memory: Memory, name: string): F {
  return new WA.Instance(module, { env: { memory } }).exports[name] as F;
}
