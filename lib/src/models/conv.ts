/**
 * Convolutional encoder and decoder for square images (the autoencoder's 'conv' architecture).
 *
 *   encoder: x [B, S, S, 1] → conv 3×3 stride 2 → relu → … → flatten → dense → z
 *   decoder: z → dense → relu → reshape [B, S/2^L, S/2^L, C_L] → transposed conv 3×3 stride 2 → …
 * Each stride-2 convolution halves the side (S = 28: 28 → 14 → 7) and each transposed convolution
 * doubles it back; the last transposed convolution has one output channel and no nonlinearity.
 *
 * Note: training needs Conv2DBackpropFilter, which the stock wasm backend lacks (see DESIGN.md);
 * the speed engine provides it (packages/tfjs-wasm-fast), and the cpu and node backends have it.
 */
import * as tf from '@tensorflow/tfjs';
import { activate, dense, type Activation, type Dense, type ParamStore } from './params';

export interface ConvNet {
  side: number; // S, the image side
  channels: number[]; // C_1 … C_L
  kernels: tf.Variable[]; // [3, 3, in, out] (encoder) or [3, 3, out, in] (decoder, transposed)
  biases: tf.Variable[];
  dense: Dense;
}

/** The image side S for a flattened input of size D = S², checked to halve cleanly L times. */
export function imageSide(inputDim: number, levels: number): number {
  const side = Math.round(Math.sqrt(inputDim));
  if (side * side !== inputDim || side % 2 ** levels !== 0) {
    throw new RangeError(
      `The conv architecture needs square images whose side halves ${levels} times; inputDim ${inputDim} is not. Use architecture 'dense'.`,
    );
  }
  return side;
}

export function convEncoder(params: ParamStore, inputDim: number, channels: number[], outDim: number): ConvNet {
  const side = imageSide(inputDim, channels.length);
  const ins = [1, ...channels];
  const kernels = channels.map((c, i) => params.kernel(`encoder/conv${i}/K`, [3, 3, ins[i], c]));
  const biases = channels.map((c, i) => params.constant(`encoder/conv${i}/b`, [c], 0));
  const last = side / 2 ** channels.length;
  return {
    side,
    channels,
    kernels,
    biases,
    dense: params.dense('encoder/out', last * last * channels[channels.length - 1], outDim),
  };
}

export function convDecoder(params: ParamStore, inDim: number, channels: number[], outputDim: number): ConvNet {
  const side = imageSide(outputDim, channels.length);
  const last = side / 2 ** channels.length;
  const ins = [...channels].reverse(); // deepest first: C_L, …, C_1
  const outs = [...ins.slice(1), 1]; // C_{L−1}, …, C_1, 1
  const kernels = ins.map((c, i) => params.kernel(`decoder/deconv${i}/K`, [3, 3, outs[i], c]));
  const biases = outs.map((c, i) => params.constant(`decoder/deconv${i}/b`, [c], 0));
  return {
    side,
    channels,
    kernels,
    biases,
    dense: params.dense('decoder/in', inDim, last * last * channels[channels.length - 1]),
  };
}

/** x [B, S²] → [B, outDim] */
export function applyConvEncoder(net: ConvNet, x: tf.Tensor2D, activation: Activation): tf.Tensor2D {
  return tf.tidy(() => {
    let h: tf.Tensor4D = tf.reshape(x, [-1, net.side, net.side, 1]); // [B, S, S, 1]
    net.kernels.forEach((k, i) => {
      h = activate(tf.add(tf.conv2d(h, k as tf.Tensor4D, 2, 'same'), net.biases[i]), activation); // [B, S/2^(i+1), ·, C_i]
    });
    return dense(tf.reshape(h, [h.shape[0], -1]), net.dense); // [B, outDim]
  });
}

/** z [B, inDim] → [B, S²] (raw: logits or values) */
export function applyConvDecoder(net: ConvNet, z: tf.Tensor2D, activation: Activation): tf.Tensor2D {
  return tf.tidy(() => {
    const last = net.side / 2 ** net.channels.length;
    const deepest = net.channels[net.channels.length - 1];
    let h = tf.reshape(activate(dense(z, net.dense), activation), [-1, last, last, deepest]) as tf.Tensor4D; // [B, s, s, C_L]
    net.kernels.forEach((k, i) => {
      const [b, s] = h.shape;
      const outC = k.shape[2] as number;
      h = tf.add(tf.conv2dTranspose(h, k as tf.Tensor4D, [b, 2 * s, 2 * s, outC], 2, 'same'), net.biases[i]); // [B, 2s, 2s, ·]
      if (i < net.kernels.length - 1) h = activate(h, activation);
    });
    return tf.reshape(h, [h.shape[0], -1]) as tf.Tensor2D; // [B, S²]
  });
}
