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
 * and −log p(x | c) = Σᵢ BCE(xᵢ, lᵢ) as in pixelcnn.ts (losses.ts bceWithLogitsPerExample).
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
import { bceWithLogitsPerExample, type LossTensors } from '../losses';
import { tapConv2d } from './maskedConv';
import { ParamStore } from './params';
import { coneRegion, pointwise } from './pixelcnn';
import { sampleFast, sampleNaive, type SampleOptions } from './pixelcnnSample';
import { checkInput, configFrom, ModelInputError, oneHotRows, type LossOptions, type ModelBatch, type ModelKind, type TrainableModel } from './types';

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

export const GATED_PIXELCNN_DEFAULTS: GatedPixelCNNConfig = { inputDim: 784, channels: 32, blocks: 6, firstKernel: 11, numClasses: 0, seed: 0 };

interface GatedLayer {
  m: number; // ⌊k/2⌋
  Wv: tf.Variable; // [m+1, k, C_in, 2C]
  bv: tf.Variable; // [2C]
  Wh: tf.Variable; // [1, m+1, C_in, 2C]
  bh: tf.Variable; // [2C]
  Wlink: tf.Variable; // [1, 1, 2C, 2C]
  Wout: tf.Variable; // [1, 1, C, C]
  bout: tf.Variable; // [C]
  Vv: tf.Variable | null; // [1, 1, K, 2C], the class bias of the vertical stack
  Vh: tf.Variable | null; // [1, 1, K, 2C], of the horizontal stack
  hTaps: number[]; // columns of Wh used: 0 … m − 1 (type A) or 0 … m (type B)
}

/** The two stacks after a layer: v [B, H, W, C] (after the last layer: W_v * v, [B, H, W, 2C], unshifted) and h [B, H, W, C]. */
export type Stacks = {
  v: tf.Tensor4D;
  h: tf.Tensor4D;
};

export class GatedPixelCNN implements TrainableModel {
  readonly kind: ModelKind = 'gated-pixelcnn';
  readonly config: GatedPixelCNNConfig;
  readonly params: ParamStore;
  /** Image side S. */
  readonly side: number;
  private readonly layers: GatedLayer[];
  private readonly head: [{ K: tf.Variable; b: tf.Variable }, { K: tf.Variable; b: tf.Variable }];

  constructor(config: Partial<GatedPixelCNNConfig> = {}) {
    this.config = configFrom(GATED_PIXELCNN_DEFAULTS, config);
    const { inputDim, channels: C, blocks, firstKernel, numClasses: K, seed } = this.config;
    this.side = Math.round(Math.sqrt(inputDim));
    if (this.side * this.side !== inputDim) throw new RangeError(`GatedPixelCNN needs square images: inputDim ${inputDim} is not a square.`);
    if (!Number.isInteger(firstKernel) || firstKernel < 1 || firstKernel % 2 === 0) throw new RangeError(`GatedPixelCNN: firstKernel must be odd (3, 5, 7…), got ${firstKernel}.`);
    this.params = new ParamStore(seed);
    const p = this.params;
    const layer = (name: string, k: number, cin: number, typeA: boolean, last: boolean): GatedLayer => {
      const m = Math.floor(k / 2);
      return {
        m,
        Wv: p.kernel(`${name}/vertical/K`, [m + 1, k, cin, 2 * C]), bv: p.constant(`${name}/vertical/b`, [2 * C], 0),
        Wh: p.kernel(`${name}/horizontal/K`, [1, m + 1, cin, 2 * C]), bh: p.constant(`${name}/horizontal/b`, [2 * C], 0),
        Wlink: p.kernel(`${name}/link/K`, [1, 1, 2 * C, 2 * C]),
        Wout: p.kernel(`${name}/out/K`, [1, 1, C, C]), bout: p.constant(`${name}/out/b`, [C], 0),
        Vv: K > 0 && !last ? p.kernel(`${name}/vertical/classBias`, [1, 1, K, 2 * C]) : null,
        Vh: K > 0 ? p.kernel(`${name}/horizontal/classBias`, [1, 1, K, 2 * C]) : null,
        hTaps: Array.from({ length: typeA ? m : m + 1 }, (_, t) => t),
      };
    };
    this.layers = [layer('gated0', firstKernel, 1, true, blocks === 0), ...Array.from({ length: blocks }, (_, l) => layer(`gated${l + 1}`, 3, C, false, l === blocks - 1))];
    const conv1 = (name: string, cin: number, cout: number) => ({ K: p.kernel(`${name}/K`, [1, 1, cin, cout]), b: p.constant(`${name}/b`, [cout], 0) });
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
      this.layers.forEach((layer, l) => {
        s = this.gatedLayer(s, layer, onehot, l > 0, l === this.layers.length - 1);
      });
      return s;
    });
  }

  /** Logits on whole images (any size). x: [B, H, W, 1], c: [B, K] → [B, H, W, 1] */
  logitsImage(x: tf.Tensor4D, c?: tf.Tensor2D): tf.Tensor4D {
    return tf.tidy(() => {
      const { h } = this.stacks(x, c);
      return pointwise(tf.relu(pointwise(tf.relu(h), this.head[0])), this.head[1]); // [B, H, W, 1]
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
      return tf.reshape(tf.slice(this.logitsImage(x, c), [0, r - top, q - left, 0], [-1, 1, 1, 1]), [-1]) as tf.Tensor1D; // [B]
    });
  }

  /** l = logits of p(xᵢ = 1 | x₍<ᵢ₎, c) for every pixel at once. x: [B, D] → [B, D] */
  logits(x: tf.Tensor2D, c?: tf.Tensor2D): tf.Tensor2D {
    checkInput('GatedPixelCNN.logits', x, this.config.inputDim, c, this.config.numClasses || undefined);
    return tf.tidy(() => {
      const image = tf.reshape(x, [-1, this.side, this.side, 1]) as tf.Tensor4D; // [B, S, S, 1]
      return tf.reshape(this.logitsImage(image, c), [-1, this.config.inputDim]) as tf.Tensor2D; // [B, D]
    });
  }

  /** Exact −log p(x | c) in nats per image, for binary x. [B, D] → [B] */
  nll(x: tf.Tensor2D, c?: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => bceWithLogitsPerExample(x, this.logits(x, c)));
  }

  /** Batch mean of the exact NLL; kl is 0 (there is no latent variable). */
  loss(batch: ModelBatch, _options?: LossOptions): LossTensors {
    return tf.tidy(() => {
      const nll = tf.mean(this.nll(batch.x, batch.c)) as tf.Scalar;
      return { reconstruction: nll, kl: tf.scalar(0), total: tf.clone(nll) };
    });
  }

  /** The per-pixel conditional means p(xᵢ = 1 | x₍<ᵢ₎, c) given the true prefix. [B, D] → [B, D] */
  reconstruct(x: tf.Tensor2D, c?: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => tf.sigmoid(this.logits(x, c)));
  }

  /** n binary images drawn pixel by pixel (pixelcnnSample.ts): 'fast' on crops, 'naive' on the full canvas; the same images. → [n, D] */
  sample(n: number, options: SampleOptions & { method?: 'fast' | 'naive' }): Promise<tf.Tensor2D> {
    return options.method === 'naive' ? sampleNaive(this, n, options) : sampleFast(this, n, options);
  }

  /** One-hot rows for labels, checked against K. [n] → [n, K] */
  oneHot(labels: number[]): tf.Tensor2D {
    return oneHotRows('GatedPixelCNN', labels, this.config.numClasses);
  }


  dispose(): void {
    this.params.dispose();
  }

  /** One gated layer (the equations above); `residual` adds h to the horizontal output; the `last` returns W_v * v for v. */
  private gatedLayer({ v, h }: Stacks, L: GatedLayer, onehot: tf.Tensor4D | null, residual: boolean, last: boolean): Stacks {
    const { m } = L;
    const [B, H, W] = v.shape;
    // W_v * v: rows r − m … r (pad m above, none below), columns q ± m
    const av = tapConv2d(v, L.Wv as tf.Tensor4D, Array.from({ length: (m + 1) * (2 * m + 1) }, (_, t) => t), [[0, 0], [m, 0], [m, m], [0, 0]], L.bv as tf.Tensor1D); // [B, H, W, 2C]
    // ↓(W_v * v): down one row, row 0 zero, so row r reads rows < r only
    const shifted = tf.slice(tf.pad(av, [[0, 0], [1, 0], [0, 0], [0, 0]]), [0, 0, 0, 0], [B, H, W, -1]) as tf.Tensor4D; // [B, H, W, 2C]
    // W_h * h: columns q − m … q (type A: … q − 1), pad m on the left
    let ah = tf.add(tapConv2d(h, L.Wh as tf.Tensor4D, L.hTaps, [[0, 0], [0, 0], [m, 0], [0, 0]], L.bh as tf.Tensor1D), pointwise(shifted, { K: L.Wlink })) as tf.Tensor4D; // [B, H, W, 2C]
    if (onehot && L.Vh) ah = tf.add(ah, pointwise(onehot, { K: L.Vh })) as tf.Tensor4D; // + c V_h, [B, 1, 1, 2C] broadcast
    const hOut = pointwise(gate(ah), { K: L.Wout, b: L.bout }); // [B, H, W, C]
    const hNext = residual ? (tf.add(h, hOut) as tf.Tensor4D) : hOut;
    if (last) return { v: av, h: hNext };
    return { v: gate(onehot && L.Vv ? (tf.add(av, pointwise(onehot, { K: L.Vv })) as tf.Tensor4D) : av), h: hNext }; // + c V_v
  }

  private condition(batch: number, c?: tf.Tensor2D): tf.Tensor4D | null {
    const K = this.config.numClasses;
    if (K === 0) return null;
    if (!c || c.rank !== 2 || c.shape[0] !== batch || c.shape[1] !== K) {
      throw new ModelInputError(`GatedPixelCNN: expected a one-hot class c of shape [${batch}, ${K}], got ${c ? `[${c.shape}]` : 'nothing'}. Pass batch.c.`);
    }
    return tf.reshape(c, [batch, 1, 1, K]);
  }
}

/**
 * tanh(a_f) ⊙ σ(a_g), a = [a_f | a_g] on channels. [B, H, W, 2C] → [B, H, W, C]. Two slices, not
 * tf.split: wasm's SplitV copies through the stock slice (1.4 s of a 4.7 s training step, batch 32,
 * C = 32, measured), genmodels' Slice kernel (backend/slice.ts) does not.
 */
function gate(a: tf.Tensor4D): tf.Tensor4D {
  const C = a.shape[3] / 2;
  const [f, g] = [tf.slice(a, [0, 0, 0, 0], [-1, -1, -1, C]), tf.slice(a, [0, 0, 0, C], [-1, -1, -1, C])]; // [B, H, W, C] each
  return tf.mul(tf.tanh(f), tf.sigmoid(g));
}

