/**
 * The two composite ops the models use beside tf's own, each the speed engine's (./engine.ts) when
 * it is installed, else the same math in public tf ops:
 *
 *   matMulBias(x, W, b)            = x·W + b                            x [M, K], W [K, N], b [N]
 *   tapConv2d(x, K, T, pad, β)     = conv2d(pad(x), K ⊙ 1_T) + β        only the taps T count
 *
 * 1_T is the 0/1 mask of the flat tap indices T = {u·f_w + v}. The engine computes only the taps
 * in T (a causal mask zeroes the rest) and adds b as it stores the product; here the zeros are
 * multiplied like any other weight. Both give the same values within float32 rounding, and their
 * gradients are the ones autodiff gives these formulas.
 */
import * as tf from '@tensorflow/tfjs';
import { engine } from './engine';

/** Padding [[0, 0], [top, bottom], [left, right], [0, 0]] of an NHWC tensor. */
export type Pad = [[number, number], [number, number], [number, number], [number, number]];

/** A dense layer's x·W + b: x [M, K], W [K, N], b [N] → [M, N]. */
export const matMulBias: (x: tf.Tensor2D, W: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor2D =
  engine?.matMulBias ?? ((x, W, b) => tf.tidy(() => tf.add(tf.matMul(x, W), b)));

/** conv2d(x, K ⊙ 1_T, stride 1, pad) + β: x [B, H, W, C], K [f_h, f_w, C, O], β [O] → [B, OH, OW, O]. */
export const tapConv2d: typeof tapConv2dReference = engine?.tapConv2d ?? tapConv2dReference;

function tapConv2dReference(x: tf.Tensor4D, K: tf.Tensor4D, T: number[], pad: Pad, β?: tf.Tensor1D): tf.Tensor4D {
  const [fh, fw] = K.shape;
  return tf.tidy(() => {
    const on = new Set(T);
    const mask = tf.tensor4d(
      Array.from({ length: fh * fw }, (_, t) => (on.has(t) ? 1 : 0)),
      [fh, fw, 1, 1],
    ); // [f_h, f_w, 1, 1], broadcast over C and O
    const y = tf.conv2d(x, tf.mul(K, mask) as tf.Tensor4D, 1, pad);
    return β ? tf.add<tf.Tensor4D>(y, β) : y;
  });
}
