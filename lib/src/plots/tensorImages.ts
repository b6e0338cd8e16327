/**
 * A batch tensor → plain image arrays for the chart builders, which take arrays, not tensors.
 * Accepts the layouts the models use: [B, H, W, 1] (conv nets), [B, H, W], or [B, D] with D a
 * square (MLPs, D = 784). Reads the data back once; creates no tensors, so it cannot leak.
 *
 * @example
 *   imageGrid({ images: tensorToImages(decoder.predict(z) as tf.Tensor) });
 */
import type * as tf from '@tensorflow/tfjs';
import { PlotInputError } from './check';

/** One flat Float32Array (length H·W) per batch item. [B][H·W] */
export function tensorToImages(x: tf.Tensor): Float32Array[] {
  const [b, ...rest] = x.shape;
  const shapeOk = (x.rank === 4 && rest[2] === 1) || x.rank === 3 || x.rank === 2;
  if (!shapeOk) {
    throw new PlotInputError(
      `tensorToImages: got shape [${x.shape.join(', ')}]; expected a batch of grayscale ` +
        'images [B, H, W, 1], [B, H, W] or [B, H·W]. Add a batch axis with x.expandDims(0) for one image.',
    );
  }
  const size = x.size / b;
  const data = x.dataSync() as Float32Array; // [B · H · W]
  return Array.from({ length: b }, (_, i) => Float32Array.from(data.subarray(i * size, (i + 1) * size)));
}
