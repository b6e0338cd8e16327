/**
 * Gated PixelCNN (van den Oord et al. 2016, "Conditional Image Generation with PixelCNN Decoders").
 *
 * The same chain rule as PixelCNN (pixelcnn.ts), one Bernoulli per binary pixel in raster order:
 *   p(x | c) = ∏ᵢ p(xᵢ | x₍<ᵢ₎, c),   p(xᵢ = 1 | x₍<ᵢ₎, c) = σ(lᵢ(x₍<ᵢ₎, c))
 * A stack of masked 3×3 convolutions never sees the wedge above and to the right of a pixel (the
 * blind spot, receptiveField.ts). Two stacks remove it. With m = ⌊k/2⌋ for a k×k layer:
 *   vertical   v: a (m+1) × k convolution over rows r − m … r, all columns q − m … q + m:
 *              v at row r reads the input on rows ≤ r only; ↓v (v shifted down one row, zeros on
 *              row 0) reads rows < r only: every row above, the full width of the field;
 *   horizontal h: a 1 × (m+1) convolution over the current row, columns q − m … q (the first
 *              layer, type A: q − m … q − 1, the pixel itself excluded), plus the link ↓v.
 * One gated layer ℓ (2C pre-activation channels split into the filter f and the gate g halves;
 * the class enters as a learned bias per class, V h with h = c one-hot, in both stacks):
 *   a_v = W_v * v                            + c V_v               [B, S, S, 2C]
 *   v'  = tanh(a_v,f) ⊙ σ(a_v,g)                                   [B, S, S, C]
 *   a_h = W_h * h + W_link ↓(W_v * v)        + c V_h               [B, S, S, 2C]   W_link: 1×1
 *   h'  = h + W_out (tanh(a_h,f) ⊙ σ(a_h,g))                       [B, S, S, C]    W_out: 1×1, residual
 * Layer 0 reads x [B, S, S, 1] in both stacks with a k₀×k₀ field, type A, and has no residual
 * (h' = W_out(…)); layers 1 … N are 3×3, type B. Layer N computes no v' (nothing reads it, so it
 * has no V_v either): its vertical stack ends at W_v * v. The logits read the last horizontal stack:
 *   l = conv1×1(relu(conv1×1(relu(h_N))))                          [B, S, S, 1]
 * and −log p(x | c) = Σᵢ BCE(xᵢ, lᵢ) as in pixelcnn.ts (both inherit it from autoregressive.ts).
 * h at (r, q) reads x on row r left of q (itself causal) and ↓v (rows above): nothing at or after
 * pixel i, and after N layers every pixel up to R = m₀ + N + 1 rows above and R − 1 columns to
 * either side, the upper right included (reach is R; the crop of coneRegion(r, q, R) holds it all).
 *
 * @example
 *   const model = new GatedPixelCNN({ numClasses: 10, seed: 42 });
 *   const nats = model.nll(x, c); // [B]
 *   const sevens = await model.sample(16, { seed: 1, class: 7 }); // [16, 784] in {0, 1}
 */
import * as tf from '@tensorflow/tfjs';
import { BinaryAutoregressive } from './autoregressive';
import { buildLayer, gatedLayer, type GatedLayer, type Stacks } from './gatedLayer';
import { sampleCached } from './gatedPixelcnnSample';
import { coneRegion, pointwise } from './pixelcnn';
import { sampleFast, sampleNaive, type SampleOptions } from './pixelcnnSample';
import { configFrom, type ModelKind } from './types';

export interface GatedPixelCNNConfig {
  /** Input size D = S² (square images). Default 784. */
  inputDim: number;
  /** Channels C of each stack (the gates use 2C). Default 32: a training step costs about 4× the plain PixelCNN's (32 channels × 5 blocks) on 2 cores; 64 costs 4× more again. */
  channels: number;
  /** Gated 3×3 layers N after the first (type-A) gated layer. Default 6. */
  blocks: number;
  /** Field k₀ of the first gated layer, odd. Default 11 (cheap: one input channel), so the reach is 12 rows. */
  firstKernel: number;
  /** Classes K of the condition; 0 = unconditional p(x). Default 0. */
  numClasses: number;
  /** Seed of the weight initialisation. Default 0. */
  seed: number;
}

export const GATED_PIXELCNN_DEFAULTS: GatedPixelCNNConfig = {
  inputDim: 784,
  channels: 32,
  blocks: 6,
  firstKernel: 11,
  numClasses: 0,
  seed: 0,
};

export type { Stacks } from './gatedLayer';

export class GatedPixelCNN extends BinaryAutoregressive<GatedPixelCNNConfig> {
  readonly kind: ModelKind = 'gated-pixelcnn';
  /** The gated layers 0 … N and the 1×1 head; public read-only for the cached sampler. */
  readonly layers: readonly GatedLayer[];
  readonly head: [{ K: tf.Variable; b: tf.Variable }, { K: tf.Variable; b: tf.Variable }];

  constructor(config: Partial<GatedPixelCNNConfig> = {}) {
    super('GatedPixelCNN', configFrom(GATED_PIXELCNN_DEFAULTS, config));
    const { channels: C, blocks, firstKernel, numClasses: K } = this.config;
    if (!Number.isInteger(firstKernel) || firstKernel < 1 || firstKernel % 2 === 0)
      throw new RangeError(`GatedPixelCNN: firstKernel must be odd (3, 5, 7…), got ${firstKernel}.`);
    const p = this.params;
    this.layers = Array.from({ length: blocks + 1 }, (_, l) =>
      buildLayer(p, `gated${l}`, l === 0 ? firstKernel : 3, l === 0 ? 1 : C, C, K, {
        first: l === 0,
        last: l === blocks,
      }),
    );
    const conv1 = (name: string, cin: number, cout: number) => ({
      K: p.kernel(`${name}/K`, [1, 1, cin, cout]),
      b: p.constant(`${name}/b`, [cout], 0),
    });
    this.head = [conv1('output/hidden', C, C), conv1('output/logit', C, 1)];
  }

  /** How far up (rows) and sideways (columns) a logit reads: m₀ + N through the vertical stack, +1 for the shift. */
  get reach(): number {
    return Math.floor(this.config.firstKernel / 2) + this.config.blocks + 1;
  }

  /** Both stacks after the last gated layer; v is W_v * v of that layer, which h read shifted. x: [B, H, W, 1], c: [B, K] */
  stacks(x: tf.Tensor4D, c?: tf.Tensor2D): Stacks {
    return tf.tidy(() => {
      const onehot = this.condition(x.shape[0], c); // [B, 1, 1, K] or null
      let s: Stacks = { v: x, h: x };
      for (const layer of this.layers) {
        const next = gatedLayer(layer, s, onehot); // its own tidy: one layer's intermediates live at a time
        if (s.v !== x) tf.dispose([s.v, s.h]); // the tape keeps its own copies of what backprop needs
        s = next;
      }
      return s;
    });
  }

  /** Logits on whole images (any size). x: [B, H, W, 1], c: [B, K] → [B, H, W, 1] */
  logitsImage(x: tf.Tensor4D, c?: tf.Tensor2D): tf.Tensor4D {
    return tf.tidy(() => {
      const { h } = this.stacks(x, c);
      return this.output(h); // [B, H, W, 1]
    });
  }

  /**
   * The logit of pixel (r, q) from the crop coneRegion(r, q, reach) of the canvas: every pixel it
   * reads, and every intermediate feature it reads, lies in that crop, and the image's own borders
   * are the crop's zero padding, so the value equals the full-image logit.
   * x: the input on coneRegion(r, q, reach) [B, h, w, 1] → [B]
   */
  logitAt(x: tf.Tensor4D, c: tf.Tensor2D | undefined, r: number, q: number): tf.Tensor1D {
    return tf.tidy(() => {
      const { top, left } = coneRegion(r, q, this.reach, this.side);
      return tf.reshape(
        tf.slice(this.logitsImage(x, c), [0, r - top, q - left, 0], [-1, 1, 1, 1]),
        [-1],
      ) as tf.Tensor1D; // [B]
    });
  }

  /**
   * n binary images drawn pixel by pixel, the same images by every method: 'fast' (default)
   * computes each feature once (gatedPixelcnnSample.ts), 'crop' runs the network on the crop a
   * pixel reads, 'naive' on the whole canvas (pixelcnnSample.ts). → [n, D]
   */
  sample(n: number, options: SampleOptions & { method?: 'fast' | 'crop' | 'naive' }): Promise<tf.Tensor2D> {
    if (options.method === 'naive') return sampleNaive(this, n, options);
    if (options.method === 'crop') return sampleFast(this, n, options);
    return sampleCached(this, n, options);
  }

  /** l = conv1×1(relu(conv1×1(relu(h_N)))). [B, H, W, C] → [B, H, W, 1] */
  output(h: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => pointwise(tf.relu(pointwise(tf.relu(h), this.head[0])), this.head[1]));
  }
}
