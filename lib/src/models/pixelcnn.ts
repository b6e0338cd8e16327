/**
 * PixelCNN-lite (van den Oord et al. 2016, "Pixel Recurrent Neural Networks"; class conditioning
 * as in "Conditional Image Generation with PixelCNN Decoders").
 *
 * Chain rule over the D = S² binary pixels in raster order, one Bernoulli per pixel:
 *   p(x | c) = ∏ᵢ p(xᵢ | x₍<ᵢ₎, c),   p(xᵢ = 1 | x₍<ᵢ₎, c) = σ(lᵢ(x₍<ᵢ₎, c))        logits
 * Architecture (masks in maskedConv.ts; 1×1 convs mix channels at one pixel, so stay causal):
 *   h₀ = conv7×7_A(x)                                             [B, S, S, C]
 *   t_k = conv3×3_B(relu(h_{k−1})) + c E_k                        E_k: [K, C], the class bias
 *   h_k = h_{k−1} + conv1×1(relu(t_k))                            residual block k = 1…N
 *   l   = conv1×1(relu(conv1×1(relu(h_N))))                       [B, S, S, 1]
 * Exact likelihood, in nats per image, then bits per dimension:
 *   −log p(x | c) = Σᵢ BCE(xᵢ, lᵢ) = Σᵢ max(lᵢ, 0) − xᵢ lᵢ + log(1 + e^{−|lᵢ|})      nll (autoregressive.ts)
 *   bits/dim = −log p(x) / (D ln 2)                                                    bitsPerDim (losses.ts)
 * Training minimises the batch mean of nll (teacher forcing: every conditional in one pass); the
 * logits, nll, loss and one-hot code shared with the gated PixelCNN live in autoregressive.ts.
 * Sampling draws pixels one at a time (pixelcnnSample.ts).
 *
 * @example
 *   const model = new PixelCNN({ numClasses: 10, seed: 42 });
 *   const nats = model.nll(x, c); // [B]
 *   const sevens = await model.sample(16, { seed: 1, class: 7 }); // [16, 784] in {0, 1}
 */
import * as tf from '@tensorflow/tfjs';
import { BinaryAutoregressive } from './autoregressive';
import { maskedConv2d, maskTensor } from './maskedConv';
import { configFrom, type ModelKind } from './types';
import { sampleFast, sampleNaive, type SampleOptions } from './pixelcnnSample';

export interface PixelCNNConfig {
  /** Input size D = S² (square images). Default 784. */
  inputDim: number;
  /** Hidden channels C. Default 32 (a laptop CPU trains an MNIST epoch in minutes; the 2016 paper uses far more). */
  channels: number;
  /** Residual blocks N of 3×3 mask-B convolutions. Default 5. */
  blocks: number;
  /** Kernel size of the first, mask-A convolution. Default 7. */
  firstKernel: number;
  /** Classes K of the condition; 0 = unconditional p(x). Default 0. */
  numClasses: number;
  /** Seed of the weight initialisation. Default 0. */
  seed: number;
}

export const PIXELCNN_DEFAULTS: PixelCNNConfig = {
  inputDim: 784,
  channels: 32,
  blocks: 5,
  firstKernel: 7,
  numClasses: 0,
  seed: 0,
};

interface Conv {
  K: tf.Variable; // [k, k, C_in, C_out]
  b: tf.Variable; // [C_out]
}

export class PixelCNN extends BinaryAutoregressive<PixelCNNConfig> {
  readonly kind: ModelKind = 'pixelcnn';
  private readonly first: Conv;
  private readonly blockConvs: { masked: Conv; mix: Conv; classBias: tf.Variable | null }[];
  private readonly head: [Conv, Conv];
  private readonly maskA: tf.Tensor4D;
  private readonly maskB: tf.Tensor4D;

  constructor(config: Partial<PixelCNNConfig> = {}) {
    super('PixelCNN', configFrom(PIXELCNN_DEFAULTS, config));
    const { channels: C, blocks, firstKernel, numClasses } = this.config;
    const conv = (name: string, k: number, cin: number, cout: number): Conv => ({
      K: this.params.kernel(`${name}/K`, [k, k, cin, cout]),
      b: this.params.constant(`${name}/b`, [cout], 0),
    });
    this.first = conv('input', firstKernel, 1, C);
    this.blockConvs = Array.from({ length: blocks }, (_, k) => ({
      masked: conv(`block${k}/masked`, 3, C, C),
      mix: conv(`block${k}/mix`, 1, C, C),
      // E_k as a 1×1 kernel: one-hot c [B, 1, 1, K] convolved with it is c E_k [B, 1, 1, C]
      classBias: numClasses > 0 ? this.params.kernel(`block${k}/classEmbedding`, [1, 1, numClasses, C]) : null,
    }));
    this.head = [conv('output/hidden', 1, C, C), conv('output/logit', 1, C, 1)];
    this.maskA = maskTensor(firstKernel, 'A');
    this.maskB = maskTensor(3, 'B');
  }

  /** How far up (rows) and sideways (columns) a logit reads: ⌊k/2⌋ for the first conv, 1 per block. */
  get reach(): number {
    return Math.floor(this.config.firstKernel / 2) + this.config.blocks;
  }

  /** Logits on whole images (any size). x: [B, H, W, 1], c: [B, K] → [B, H, W, 1] */
  logitsImage(x: tf.Tensor4D, c?: tf.Tensor2D): tf.Tensor4D {
    return tf.tidy(() => {
      const onehot = this.condition(x.shape[0], c); // [B, 1, 1, K] or null
      let h = maskedConv2d(x, this.first.K as tf.Tensor4D, this.maskA, this.first.b); // [B, H, W, C]
      this.blockConvs.forEach(({ mix }, k) => {
        h = tf.add(h, pointwise(tf.relu(this.blockT(tf.relu(h), k, onehot, 'same')), mix)); // h_k = h_{k−1} + conv1×1(relu(t_k))
      });
      return this.headLogits(h); // [B, H, W, 1]
    });
  }

  /**
   * The logit of pixel (r, q) alone, each layer computed only where the layers after it read:
   * the output after block k on rows r − (N − k) … r and columns q ± (N − k) (the cone), the
   * first layer's input on the crop coneRegion(r, q, reach). Zero padding stands for the rest:
   * outside the image as in 'same' convolutions, and below row r where the masks' weights are 0.
   * x: the input on coneRegion(r, q, reach) [B, h, w, 1] → [B]
   */
  logitAt(x: tf.Tensor4D, c: tf.Tensor2D | undefined, r: number, q: number): tf.Tensor1D {
    return tf.tidy(() => {
      const { blocks: N, firstKernel } = this.config;
      const region = (reach: number) => coneRegion(r, q, reach, this.side);
      const onehot = this.condition(x.shape[0], c);
      let [have, want] = [region(this.reach), region(N)];
      let h = maskedConv2d(
        padAround(x, have, want, Math.floor(firstKernel / 2)),
        this.first.K as tf.Tensor4D,
        this.maskA,
        this.first.b,
        'valid',
      );
      this.blockConvs.forEach(({ mix }, k) => {
        [have, want] = [want, region(N - k - 1)];
        const t = this.blockT(padAround(tf.relu(h), have, want, 1), k, onehot, 'valid'); // on `want`
        h = tf.add(
          tf.slice(
            h,
            [0, want.top - have.top, want.left - have.left, 0],
            [-1, want.bottom - want.top + 1, want.right - want.left + 1, -1],
          ),
          pointwise(tf.relu(t), mix),
        );
      });
      return tf.reshape(this.headLogits(h), [-1]) as tf.Tensor1D; // h: [B, 1, 1, C] → [B]
    });
  }

  /**
   * n binary images drawn pixel by pixel: 'fast' (default) runs each step on the crop of rows and
   * columns the next pixel depends on; 'naive' runs the full image each step. Both consume the same
   * seeded uniforms, so they return identical images. → [n, D]
   */
  sample(n: number, options: SampleOptions & { method?: 'fast' | 'naive' }): Promise<tf.Tensor2D> {
    return options.method === 'naive' ? sampleNaive(this, n, options) : sampleFast(this, n, options);
  }

  override dispose(): void {
    super.dispose();
    tf.dispose([this.maskA, this.maskB]);
  }

  /** t_k = conv3×3_B(relu(h_{k−1})) + c E_k, given relu(h_{k−1}) (padded for 'valid'). */
  private blockT(hRelu: tf.Tensor4D, k: number, onehot: tf.Tensor4D | null, padding: 'same' | 'valid'): tf.Tensor4D {
    const { masked, classBias } = this.blockConvs[k];
    const t = maskedConv2d(hRelu, masked.K as tf.Tensor4D, this.maskB, masked.b, padding); // [B, H, W, C]
    return onehot && classBias ? tf.add(t, pointwise(onehot, { K: classBias })) : t; // + c E_k, [B, 1, 1, C]
  }

  /** l = conv1×1(relu(conv1×1(relu(h_N)))). [B, H, W, C] → [B, H, W, 1] */
  private headLogits(h: tf.Tensor4D): tf.Tensor4D {
    return pointwise(tf.relu(pointwise(tf.relu(h), this.head[0])), this.head[1]);
  }
}

/**
 * A 1×1 convolution: the same dense layer at every pixel, computed as one matrix product (whose
 * gradient is far cheaper than a convolution's on the cpu and wasm backends). With a bias it is
 * tf.fused.matMul, which adds b as the product is stored. Its gradient computes ∂L/∂x whether or
 * not the tape needs it; here x is always a hidden activation (or a one-hot, with no bias), whose
 * ∂L/∂x the tape needs anyway.
 * [B, H, W, C_in] → [B, H, W, C_out]
 */
export function pointwise(h: tf.Tensor4D, { K, b }: { K: tf.Variable; b?: tf.Variable }): tf.Tensor4D {
  const [B, H, W, cin] = h.shape;
  const cout = K.shape[3] as number;
  const [x, k] = [tf.reshape(h, [B * H * W, cin]) as tf.Tensor2D, tf.reshape(K, [cin, cout]) as tf.Tensor2D];
  const y = b ? tf.fused.matMul({ a: x, b: k, bias: b }) : tf.matMul(x, k); // [B·H·W, C_out]
  return tf.reshape(y, [B, H, W, cout]);
}

/** Pixels of an image, inclusive bounds. */
export interface Region {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** Rows r − reach … r and columns q − reach … q + reach, clipped to the S × S image. */
export function coneRegion(r: number, q: number, reach: number, S: number): Region {
  return { top: Math.max(0, r - reach), left: Math.max(0, q - reach), bottom: r, right: Math.min(S - 1, q + reach) };
}

/**
 * h known on `have` (same bottom row), zero-padded to `want` grown by m on every side, the input a
 * 'valid' k×k convolution (k = 2m + 1) needs to produce `want`.
 */
function padAround(h: tf.Tensor4D, have: Region, want: Region, m: number): tf.Tensor4D {
  return tf.pad(h, [
    [0, 0],
    [have.top - (want.top - m), m],
    [have.left - (want.left - m), want.right + m - have.right],
    [0, 0],
  ]);
}
