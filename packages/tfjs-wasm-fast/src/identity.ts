/**
 * Identity, and Cast to the dtype a tensor already has, as a second reference to the same data:
 *   identity(x) = x,   cast(x, dtype(x)) = x
 * TF.js tensors are immutable, so sharing is what the cpu backend and Reshape already do. Stock
 * wasm copies instead, and autodiff calls Identity on every tensor a kernel saves for the backward
 * pass (Engine.saveTensorsForBackwardMode clones them): 134 copies per PixelCNN training step,
 * 20–25 ms of ~500, and mul's gradient casts float32 to float32. The kernels here that write into
 * memory in place never write into shared data: FusedAdam updates a variable's buffer only when its
 * reference count is 1 (else it writes a fresh one), and every other kernel writes fresh outputs.
 * Strings keep the stock kernels.
 * Casts to bool are x ≠ 0 (stock wasm writes the value mod 256: −2.2 became 254, not true).
 */
import type * as tf from '@tensorflow/tfjs';
import type { WasmHeap } from './heap';
import { free, type Info, type KernelCall, registerWasmKernel, run } from './kernels';

/** x ≠ 0 as bool. */
function nonZero(x: Info, backend: KernelCall['backend']): Info {
  const zero = (backend as unknown as WasmHeap).makeOutput([], x.dtype); // makeOutput's memory is not zeroed
  (backend as unknown as WasmHeap).typedArrayFromHeap(zero)[0] = 0;
  const out = run(backend, 'NotEqual', { a: x, b: zero });
  free(backend, zero);
  return out;
}

/** Another reference to x's data. */
function share(x: Info, backend: KernelCall['backend']): Info {
  (backend as unknown as WasmHeap).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

function identity({ inputs, attrs, backend, stock }: KernelCall): Info {
  return inputs.x.dtype === 'string' ? stock!(inputs, attrs) : share(inputs.x, backend);
}

function cast({ inputs, attrs, backend, stock }: KernelCall): Info {
  const { x } = inputs;
  const dtype = attrs.dtype as tf.DataType;
  if (x.dtype === 'string') return stock!(inputs, attrs);
  if (x.dtype === dtype) return share(x, backend);
  return dtype === 'bool' ? nonZero(x, backend) : stock!(inputs, attrs);
}

/** Replace `Identity` and `Cast` on wasm. */
export function registerIdentityKernels(): void {
  registerWasmKernel('Identity', identity);
  registerWasmKernel('Cast', cast);
}
