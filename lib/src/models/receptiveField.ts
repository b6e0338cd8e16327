/**
 * Receptive field from gradients: which input pixels xⱼ influence the output at pixel i.
 *
 *   field_i[j] = Σ_channels |∂ outᵢ / ∂xⱼ|        (nonzero ⇔ xⱼ influences outᵢ at this input)
 *
 * For a causal network field_i[j] = 0 for every j ≥ i in raster order. With a linear stack of
 * masked convolutions whose weights are all 1 (maskedStack), the gradient counts the paths from
 * xⱼ to outᵢ, so it is nonzero exactly on the structural receptive field; stacking 3×3 masks
 * shows the growing field and its blind spot to the upper right.
 *
 * @example
 *   const field = receptiveField((x) => model.logitsImage(x), { height: 28, width: 28 }, [14, 14]);
 *   heatmap(field, …); // field: number[28][28]
 */
import * as tf from '@tensorflow/tfjs';
import { maskedConv2d, maskTensor, type MaskType } from './maskedConv';

export interface FieldShape {
  height: number;
  width: number;
  /** Input channels. Default 1. */
  channels?: number;
}

/**
 * |∂ out[0, row, col, ·] / ∂x| summed over channels, as rows of numbers [H][W]. `forward` maps
 * [1, H, W, C] → [1, H, W, ·]; `input` is the point where the gradient is taken (default all ones).
 */
export function receptiveField(
  forward: (x: tf.Tensor4D) => tf.Tensor4D,
  shape: FieldShape,
  [row, col]: [number, number],
  input?: tf.Tensor4D,
): number[][] {
  const { height: H, width: W, channels = 1 } = shape;
  if (!(row >= 0 && row < H && col >= 0 && col < W))
    throw new RangeError(`receptiveField: pixel (${row}, ${col}) is outside the ${H} × ${W} image.`);
  const grad = tf.tidy(() => {
    const x = input ?? tf.ones([1, H, W, channels]); // [1, H, W, C]
    const outAt = (t: tf.Tensor) => tf.sum(tf.slice(forward(t as tf.Tensor4D), [0, row, col, 0], [1, 1, 1, -1]));
    return tf.sum(tf.abs(tf.grad(outAt)(x)), [0, 3]); // [H, W]
  });
  const field = grad.arraySync() as number[][];
  grad.dispose();
  return field;
}

/**
 * A linear stack of single-channel masked convolutions with all-one kernels, e.g.
 * [{ kernelSize: 3, maskType: 'A' }, { kernelSize: 3, maskType: 'B' }, …]: the network whose
 * receptive field the lecture draws. [B, H, W, 1] → [B, H, W, 1]
 */
export function maskedStack(layers: { kernelSize: number; maskType: MaskType }[]): (x: tf.Tensor4D) => tf.Tensor4D {
  return (x) =>
    tf.tidy(() =>
      layers.reduce(
        (h, { kernelSize: k, maskType }) => maskedConv2d(h, tf.ones([k, k, 1, 1]), maskTensor(k, maskType)),
        x,
      ),
    );
}
