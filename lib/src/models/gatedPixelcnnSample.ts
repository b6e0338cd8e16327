/**
 * Cached sampling from the gated PixelCNN: every feature is computed once, when its inputs are final.
 *
 * Sampling goes in raster order (pixelcnnSample.ts draws the pixels; this file gives it the logits).
 * The two stacks make a cache simple (gatedLayer.ts has the layer's equations):
 *   - the vertical stack at row r reads rows ≤ r only, so when row r − 1 of the canvas is final,
 *     row r − 1 of every layer's W_v * v and v' is final: one row per layer, once per image row;
 *   - the horizontal stack at (r, q) reads h on row r, columns q − m … q, and ↓(W_v * v) at (r, q),
 *     which is row r − 1 of W_v * v, already cached: one pixel per layer, once per pixel.
 * So sampling computes D pixels × (N + 1) layers of h and S rows × (N + 1) layers of v, each once,
 * where the naive sampler runs the whole network D times, and the crop sampler the network on a
 * (R + 1) × (2R + 1) crop D times. Each piece runs the full pass's own ops (vertical, horizontal,
 * verticalOut) on the same operands, the missing rows and columns at the edges being the same zero
 * padding, so the logits equal the full pass's bit for bit (gatedPixelcnnSample.test.ts).
 * Memory: the last m + 1 rows of v' per layer and the last m + 1 pixels of h per layer.
 */
import * as tf from '@tensorflow/tfjs';
import { classBias, horizontal, vertical, verticalOut, type GatedLayer } from './gatedLayer';
import { cropCanvas, draw, type PixelModel, type SampleOptions } from './pixelcnnSample';

/** What the cached sampler reads of a gated PixelCNN (gatedPixelcnn.ts). */
export interface GatedNet extends PixelModel {
  readonly layers: readonly GatedLayer[];
  /** The 1×1 head on h_N. [B, H, W, C] → [B, H, W, 1] */
  output(h: tf.Tensor4D): tf.Tensor4D;
  /** c [B, K] → [B, 1, 1, K], or null for an unconditional model. */
  condition(batch: number, c?: tf.Tensor2D): tf.Tensor4D | null;
}

/** n images with every feature computed once; the same images as sampleNaive. → [n, D] in {0, 1} */
export async function sampleCached(model: GatedNet, n: number, options: SampleOptions): Promise<tf.Tensor2D> {
  let cache = null as RowCache | null; // made on the first pixel, when draw has the one-hot classes
  try {
    return await draw(model, n, options, (canvas, r, q, c) => {
      cache ??= new RowCache(model, n, c);
      return cache.logit(canvas, r, q);
    });
  } finally {
    cache?.dispose();
  }
}

/** Teacher-forced logits of every pixel through the cache, as sampling computes them. x: [n, D] → [n, D] (tests: equals model.logits). */
export async function cachedLogits(model: GatedNet, x: tf.Tensor2D, c?: tf.Tensor2D): Promise<tf.Tensor2D> {
  const [n, D] = x.shape;
  const canvas = await x.data();
  const cache = new RowCache(model, n, c);
  const out = new Float32Array(n * D);
  try {
    for (let i = 0; i < D; i++) {
      const t = cache.logit(canvas as Float32Array, Math.floor(i / model.side), i % model.side);
      const l = await t.data(); // [n]
      t.dispose();
      for (let b = 0; b < n; b++) out[b * D + i] = l[b];
    }
  } finally {
    cache.dispose();
  }
  return tf.tensor2d(out, [n, D]);
}

/** The features of the rows above and of the pixels to the left, for n images sampled together. */
class RowCache {
  private row = -1; // the image row being sampled
  private col = -1;
  /** Row r − 1 of W_v * v per layer [n, 1, S, 2C]; null on row 0 (above it, ↓ reads zeros). */
  private above: (tf.Tensor4D | null)[];
  /** The last rows of v' per layer, oldest first, each [n, 1, S, C] (all but the last layer). */
  private vRows: tf.Tensor4D[][];
  /** The last pixels of h on the current row per layer, oldest first, each [n, 1, 1, C]. */
  private hCols: tf.Tensor4D[][];
  private readonly bias: { v: tf.Tensor4D | null; h: tf.Tensor4D | null }[];
  private readonly zeros: tf.Tensor4D[]; // ↓(W_v * v) on row 0, per layer [n, 1, 1, 2C]

  constructor(
    private readonly model: GatedNet,
    private readonly n: number,
    c?: tf.Tensor2D,
  ) {
    const L = model.layers;
    this.above = L.map(() => null);
    this.vRows = L.map(() => []);
    this.hCols = L.map(() => []);
    const onehot = model.condition(n, c); // [n, 1, 1, K] or null
    const term = (layer: GatedLayer, stack: 'v' | 'h') =>
      tf.tidy(() => classBias(layer, onehot)[stack] ?? undefined) ?? null;
    this.bias = L.map((layer) => ({ v: term(layer, 'v'), h: term(layer, 'h') })); // c V_v, c V_h [n, 1, 1, 2C]: the same for every pixel
    onehot?.dispose();
    this.zeros = L.map((layer) => tf.zeros([n, 1, 1, layer.bv.shape[0] as number]) as tf.Tensor4D);
  }

  /** The logit [n] of pixel (r, q); the canvas must hold every pixel before it, and calls go in raster order. */
  logit(canvas: Float32Array, r: number, q: number): tf.Tensor1D {
    if (q === 0) this.startRow(canvas, r);
    else if (r !== this.row || q !== this.col + 1)
      throw new Error(`RowCache: pixels must come in raster order; got (${r}, ${q}) after (${this.row}, ${this.col}).`);
    this.col = q;
    return tf.tidy(() => {
      let h: tf.Tensor4D | null = null;
      this.model.layers.forEach((L, l) => {
        // h_{ℓ−1} on columns max(0, q − m) … q of row r: the input x for layer 0, cached pixels after
        const from = Math.max(0, q - L.m);
        const hIn =
          l === 0
            ? cropCanvas(canvas, this.n, this.model.side, { top: r, bottom: r, left: from, right: q })
            : tf.concat(this.hCols[l - 1].slice(from - q - 1), 2); // [n, 1, w, C_in]
        const above = this.above[l] ? tf.slice(this.above[l]!, [0, 0, q, 0], [-1, 1, 1, -1]) : this.zeros[l]; // [n, 1, 1, 2C]
        h = horizontal(L, hIn as tf.Tensor4D, L.m - (q - from), above as tf.Tensor4D, this.bias[l].h); // [n, 1, 1, C]
        if (l < this.model.layers.length - 1) this.push(this.hCols[l], tf.keep(h), this.model.layers[l + 1].m + 1);
      });
      return tf.reshape(this.model.output(h!), [this.n]) as tf.Tensor1D; // [n, 1, 1, 1] → [n]
    });
  }

  dispose(): void {
    tf.dispose([...this.above.filter((t) => t !== null), ...this.vRows.flat(), ...this.hCols.flat(), ...this.zeros]);
    tf.dispose(this.bias.flatMap((b) => [b.v, b.h].filter((t) => t !== null)));
  }

  /** Row r begins: rows < r of the canvas are final, so compute row r − 1 of the vertical stack, layer by layer. */
  private startRow(canvas: Float32Array, r: number): void {
    if (r !== this.row + 1) throw new Error(`RowCache: rows must come in order; got row ${r} after row ${this.row}.`);
    this.row = r;
    tf.dispose(this.hCols.flat());
    this.hCols = this.hCols.map(() => []);
    if (r === 0) return;
    const layers = this.model.layers;
    layers.forEach((L, l) => {
      const av = tf.tidy(() => {
        // v_{ℓ−1} on rows max(0, r − 1 − m) … r − 1: the input x for layer 0, cached rows after
        const from = Math.max(0, r - 1 - L.m);
        const vIn =
          l === 0
            ? cropCanvas(canvas, this.n, this.model.side, {
                top: from,
                bottom: r - 1,
                left: 0,
                right: this.model.side - 1,
              })
            : tf.concat(this.vRows[l - 1].slice(from - r), 1); // [n, rows, S, C_in]
        return vertical(L, vIn, L.m - (r - 1 - from)); // [n, 1, S, 2C]
      });
      this.above[l]?.dispose();
      this.above[l] = av;
      if (!L.last)
        this.push(
          this.vRows[l],
          tf.tidy(() => verticalOut(av, this.bias[l].v)),
          layers[l + 1].m + 1,
        );
    });
  }

  /** Append t to a window that keeps the last `size` entries, disposing the oldest. */
  private push(window: tf.Tensor4D[], t: tf.Tensor4D, size: number): void {
    window.push(t);
    while (window.length > size) window.shift()!.dispose();
  }
}
