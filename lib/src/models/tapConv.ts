/**
 * A convolution over a chosen set of taps, as one matrix product (im2col), with its gradient.
 *
 * Given x (already padded) and T taps at offsets (r_t, c_t), each tap's window
 * X_t = x[:, r_t : r_t + OH, c_t : c_t + OW, :] flattened to [N, C_in] (N = B·OH·OW):
 *   y   = [X_1 … X_T] · K_T = Σ_t X_t K_t                K_T: [T·C_in, C_out], K_t its t-th C_in rows
 *   ∂L/∂K_T = [X_1 … X_T]ᵀ · dy
 *   ∂L/∂x   = Σ_t X_tᵀ-placement of (dy · K_tᵀ)           each [N, C_in], added back at its window
 * The input gradient is written out (T small matmuls, each added at its window) rather than left to
 * autodiff, whose route splits dy·K_Tᵀ along the channel axis: on wasm that split is a JavaScript
 * loop of short copies, several times slower than everything else in the backward pass.
 */
import * as tf from '@tensorflow/tfjs';

/** x: [B, Hp, Wp, C_in], K_T: [T·C_in, C_out], offsets: T × [r, c], out: [OH, OW] → [B·OH·OW, C_out] */
export function tapConv(x: tf.Tensor4D, kernelT: tf.Tensor2D, offsets: [number, number][], [OH, OW]: [number, number]): tf.Tensor2D {
  const [B, Hp, Wp, cin] = x.shape;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xs, k, save] = args as [tf.Tensor4D, tf.Tensor2D, tf.GradSaveFunc];
    const windows = offsets.map(([r, c]) => tf.slice(xs, [0, r, c, 0], [B, OH, OW, cin])); // T × [B, OH, OW, C_in]
    const cols = tf.reshape(windows.length === 1 ? windows[0] : tf.concat(windows, 3), [B * OH * OW, offsets.length * cin]); // [N, T·C_in]
    save([cols, k]);
    const gradFunc = (dy: tf.Tensor, [colsSaved, kSaved]: tf.Tensor[]) => [
      inputGrad(dy as tf.Tensor2D, kSaved as tf.Tensor2D, offsets, [B, Hp, Wp, cin], [OH, OW]),
      tf.matMul(colsSaved, dy, true, false), // [T·C_in, C_out]
    ];
    return { value: tf.matMul(cols, k), gradFunc }; // [N, C_out]
  });
  return op(x, kernelT) as tf.Tensor2D;
}

/** ∂L/∂x = Σ_t (dy · K_tᵀ) zero-padded back to window t's place in x. dy: [N, C_out] → [B, Hp, Wp, C_in] */
function inputGrad(dy: tf.Tensor2D, kernelT: tf.Tensor2D, offsets: [number, number][], [B, Hp, Wp, cin]: number[], [OH, OW]: [number, number]): tf.Tensor4D {
  const cout = kernelT.shape[1];
  const parts = offsets.map(([r, c], t) => {
    const kt = tf.slice(kernelT, [t * cin, 0], [cin, cout]); // K_t [C_in, C_out]
    const dX = tf.reshape(tf.matMul(dy, kt, false, true), [B, OH, OW, cin]); // [B, OH, OW, C_in]
    return tf.pad(dX, [[0, 0], [r, Hp - OH - r], [c, Wp - OW - c], [0, 0]]); // [B, Hp, Wp, C_in]
  });
  return (parts.length === 1 ? parts[0] : tf.addN(parts)) as tf.Tensor4D;
}
