/**
 * 16-bit storage of weights: TF.js's affine `uint16` weight quantization (what the converter's
 * --quantize_uint16 writes, and what tf.io.decodeWeights reads back). Per tensor w:
 *
 *   scale = (max w − min w) / 65535,   q = round((w − min w) / scale) ∈ {0, …, 65535}
 *   ŵ = q · scale + min w              so |ŵ − w| ≤ scale / 2 = (max w − min w) / 131070
 *
 * Half the bytes of float32. Shipped checkpoints use it (tools/checkpoint.ts); their figures are
 * measured on the stored ŵ, so what is recorded is what loads.
 *
 * @example
 *   const { data, specs } = encodeWeightsUint16([{ name: 'W', tensor }]);
 *   tf.io.decodeWeights(data, specs); // { W: ŵ }
 */
import type * as tf from '@tensorflow/tfjs';

const LEVELS = 65535;

/** q, min and scale of one tensor's values. */
export function quantizeUint16(values: Float32Array): { q: Uint16Array; min: number; scale: number } {
  let [min, max] = [Infinity, -Infinity];
  for (const v of values) [min, max] = [Math.min(min, v), Math.max(max, v)];
  if (!Number.isFinite(min) || !Number.isFinite(max)) [min, max] = [0, 0]; // empty tensor
  // min and scale go through float32 in the manifest reader, so use their float32 values here too
  [min] = Float32Array.of(min);
  const [scale] = Float32Array.of((max - min) / LEVELS);
  const q = new Uint16Array(values.length);
  if (scale > 0)
    for (let i = 0; i < values.length; i++) q[i] = Math.min(LEVELS, Math.max(0, Math.round((values[i] - min) / scale)));
  return { q, min, scale };
}

/** Weights as one buffer of uint16 codes plus their manifest entries (with quantization). */
export function encodeWeightsUint16(named: { name: string; tensor: tf.Tensor }[]): {
  data: ArrayBuffer;
  specs: tf.io.WeightsManifestEntry[];
} {
  const parts = named.map(({ name, tensor }) => {
    if (tensor.dtype !== 'float32')
      throw new TypeError(`encodeWeightsUint16: ${name} is ${tensor.dtype}; only float32 weights are quantized.`);
    const { q, min, scale } = quantizeUint16(tensor.dataSync() as Float32Array);
    const spec: tf.io.WeightsManifestEntry = {
      name,
      shape: tensor.shape,
      dtype: 'float32',
      quantization: { dtype: 'uint16', min, scale },
    };
    return { q, spec };
  });
  const data = new Uint16Array(parts.reduce((n, p) => n + p.q.length, 0));
  let offset = 0;
  for (const { q } of parts) {
    data.set(q, offset);
    offset += q.length;
  }
  return { data: data.buffer, specs: parts.map((p) => p.spec) };
}
