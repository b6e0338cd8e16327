/**
 * Kernels built from other wasm kernels, and their registration with TF.js's public kernel
 * registry. A composite kernel calls the wasm kernels it needs directly (as tfjs's own kernels
 * do), so only its output reaches the engine; every intermediate it makes it frees with `free`.
 */
import * as tf from '@tensorflow/tfjs';

export type Info = tf.TensorInfo;
export type Backend = tf.KernelBackend;
/** Explicit NHWC padding [[0, 0], [top, bottom], [left, right], [0, 0]], as tf.pad takes it. */
export type Pad = [[number, number], [number, number], [number, number], [number, number]];
type Attrs = Record<string, unknown>;

/** Names of the wasm kernels registered here. */
export const registered = new Set<string>();

/** Run the wasm kernel `name` as registered now (ours where we replaced it) on `inputs`. */
export function run(backend: Backend, name: string, inputs: Record<string, Info>, attrs: Attrs = {}): Info {
  return tf.getKernel(name, 'wasm').kernelFunc({ inputs, backend, attrs: attrs as tf.NamedAttrMap }) as Info;
}

/** Release intermediates made by `run` (reshapes share data and are reference-counted). */
export function free(backend: Backend, ...infos: Info[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

/** What a kernel replacement receives: its inputs and attributes, and the stock kernel if any. */
export interface KernelCall {
  inputs: Record<string, Info>;
  attrs: Attrs;
  backend: Backend;
  stock?: (inputs: Record<string, Info>, attrs: Attrs) => Info;
}

/**
 * Register `impl` as the wasm kernel `name`, replacing the stock one (keeping its setup and
 * dispose hooks, which the stock kernel's own code needs). Idempotent.
 */
export function registerWasmKernel(name: string, impl: (call: KernelCall) => Info): void {
  if (registered.has(name)) return;
  const original = tf.getKernel(name, 'wasm') as tf.KernelConfig | undefined;
  if (original) tf.unregisterKernel(name, 'wasm');
  const kernelFunc: tf.KernelFunc = ({ inputs, backend, attrs }) => {
    const call: KernelCall = {
      inputs: inputs as Record<string, Info>,
      attrs: attrs ?? {},
      backend: backend as Backend,
    };
    if (original) {
      call.stock = (i, a) => original.kernelFunc({ inputs: i, backend, attrs: a as tf.NamedAttrMap }) as Info;
    }
    return impl(call);
  };
  tf.registerKernel({ ...original, kernelName: name, backendName: 'wasm', kernelFunc });
  registered.add(name);
}
