/**
 * Masked convolution (van den Oord et al. 2016, "Pixel Recurrent Neural Networks", §3.4).
 *
 * An autoregressive model factorises p(x) = ∏ᵢ p(xᵢ | x₍<ᵢ₎) over the pixels in raster order
 * (row by row, left to right). A convolution respects that order when the output at pixel i reads
 * only pixels before i. A k×k kernel tap at (a, b) reads the input at offset (dy, dx) =
 * (a − ⌊k/2⌋, b − ⌊k/2⌋), so the mask keeps exactly the taps that come earlier in raster order:
 *
 *   M_A[a, b] = 1[dy < 0  ∨  (dy = 0 ∧ dx < 0)]     mask A: strictly before the centre (first layer)
 *   M_B[a, b] = 1[dy < 0  ∨  (dy = 0 ∧ dx ≤ 0)]     mask B: the centre too (later layers, whose
 *                                                   centre feature already only saw x₍<ᵢ₎)
 *
 *   maskedConv2d(x) = conv2d(x, K ⊙ M) + b          K: [k, k, C_in, C_out], M broadcast over channels
 *
 * computed over the kept taps T(M) = {(a, c) : M[a, c] = 1} only (5 of 9 for 3×3 B, 24 of 49 for
 * 7×7 A), as one matrix product of the T shifted windows of the padded input (im2col) with K's
 * kept rows:
 *   y[b, i, j, :] = Σ_{(a,c) ∈ T(M)} x_pad[b, i + a, j + c, :] · K[a, c, :, :] + b
 *                 = [x_pad[·, i + a, j + c, :]]_{(a,c) ∈ T} · K_T                  K_T: [T·C_in, C_out]
 * (tapConv.ts, with its gradient). Masked taps of K are never read, so their gradient is exactly 0
 * and masked weights never train. A single input channel (the first layer) and small outputs (the
 * sampler's crops) run the dense conv2d(x, K ⊙ M) instead, which is faster there (see
 * denseMaskedConv2d); there a masked tap's gradient is ∂L/∂(K ⊙ M) · 0 = 0 too.
 *
 * @example
 *   causalMask(3, 'A'); // [[1, 1, 1], [1, 0, 0], [0, 0, 0]]
 *   const layer = new MaskedConv2D({ filters: 32, kernelSize: 7, maskType: 'A' });
 */
import * as tf from '@tensorflow/tfjs';
import { tapConv } from './tapConv';

export type MaskType = 'A' | 'B';
export const MASK_TYPES: readonly MaskType[] = ['A', 'B'];

/** The k×k causal mask of type A or B (rows top to bottom), as plain numbers for drawing. */
export function causalMask(kernelSize: number, type: MaskType): number[][] {
  if (!Number.isInteger(kernelSize) || kernelSize < 1 || kernelSize % 2 === 0) {
    throw new RangeError(`causalMask: the kernel size must be an odd positive integer (3, 5, 7…), got ${kernelSize}.`);
  }
  if (!MASK_TYPES.includes(type)) throw new RangeError(`causalMask: the mask type must be 'A' or 'B', got "${type}".`);
  const m = Math.floor(kernelSize / 2);
  return Array.from({ length: kernelSize }, (_, a) =>
    Array.from({ length: kernelSize }, (_, b) => {
      const [dy, dx] = [a - m, b - m];
      return dy < 0 || (dy === 0 && (dx < 0 || (type === 'B' && dx === 0))) ? 1 : 0;
    }),
  );
}

/** The mask as a tensor [k, k, 1, 1] that broadcasts over a kernel [k, k, C_in, C_out]. */
export function maskTensor(kernelSize: number, type: MaskType): tf.Tensor4D {
  return tf.tensor4d(causalMask(kernelSize, type).flat(), [kernelSize, kernelSize, 1, 1]);
}

/**
 * conv2d(x, K ⊙ M, stride 1) + b. 'same' (default): x: [B, H, W, C_in] → [B, H, W, C_out];
 * 'valid': → [B, H − k + 1, W − k + 1, C_out], for inputs the caller has padded.
 */
export function maskedConv2d(x: tf.Tensor4D, kernel: tf.Tensor4D, mask: tf.Tensor4D, bias?: tf.Tensor, padding: 'same' | 'valid' = 'same'): tf.Tensor4D {
  return tf.tidy(() => {
    const [k, , cin, cout] = kernel.shape;
    const m = padding === 'same' ? Math.floor(k / 2) : 0;
    const [B, H, W] = x.shape;
    const [OH, OW] = [H + 2 * m - k + 1, W + 2 * m - k + 1];
    const taps = keptTaps(mask);
    if (cin === 1 || B * OH * OW < TAP_PATH_MIN_ROWS) return denseMaskedConv2d(x, kernel, mask, bias, padding);
    const [xPad, top, left] = paddedForTaps(x, taps, m); // [B, top + H + ·, left + W + ·, C_in]
    const offsets = taps.map(([a, c]) => [a - m + top, c - m + left] as [number, number]); // tap (a, c)'s window in xPad
    const y = tapConv(xPad, keptRows(kernel, taps), offsets, [OH, OW]); // [B·OH·OW, C_out]
    return tf.reshape(bias ? tf.add(y, bias) : y, [B, OH, OW, cout]);
  });
}

/**
 * Below this many output pixels B·OH·OW, per-op overhead outweighs the FLOPs saved: the fast
 * sampler's crops (16 × a few rows × 13 columns) drew 16 images ~15 % slower on the kept-tap path.
 */
const TAP_PATH_MIN_ROWS = 4096;

/**
 * conv2d(x, K ⊙ M) + b over all k² taps, for C_in = 1 and small outputs: for C_in = 1 the T
 * windows are one-float copies (slow on wasm) and the dense conv costs little; autodiff also skips
 * ∂L/∂x when x is data (the first layer), which tapConv's gradient computes regardless. Measured on
 * wasm, one thread, 7×7 mask A, [32, 28, 28, 1] → 64, ∂L/∂K and ∂L/∂b: 0.17 s dense against 0.37 s.
 */
function denseMaskedConv2d(x: tf.Tensor4D, kernel: tf.Tensor4D, mask: tf.Tensor4D, bias: tf.Tensor | undefined, padding: 'same' | 'valid'): tf.Tensor4D {
  const y = tf.conv2d(x, tf.mul(kernel, mask) as tf.Tensor4D, 1, padding);
  return bias ? tf.add(y, bias) : y;
}

/** The kept taps (a, c) of a mask [k, k, 1, 1], in raster order (read once per mask tensor). */
const tapsOf = new WeakMap<tf.Tensor, [number, number][]>();
function keptTaps(mask: tf.Tensor4D): [number, number][] {
  let taps = tapsOf.get(mask);
  if (!taps) {
    const k = mask.shape[1];
    taps = Array.from(mask.dataSync()).flatMap((v, t) => (v !== 0 ? [[Math.floor(t / k), t % k] as [number, number]] : []));
    if (taps.length === 0) throw new RangeError('maskedConv2d: the mask keeps no tap; expected a causal mask such as maskTensor(k, \'A\').');
    tapsOf.set(mask, taps);
  }
  return taps;
}

/**
 * x zero-padded by what the taps read of a 'same' (m = ⌊k/2⌋) or 'valid' (m = 0) padding: tap
 * (a, c) of output (i, j) reads x[i + a − m, j + c − m], so causal taps (a ≤ m) need no rows
 * below x. Returns x padded, and its top and left padding.
 */
function paddedForTaps(x: tf.Tensor4D, taps: [number, number][], m: number): [tf.Tensor4D, number, number] {
  if (m === 0) return [x, 0, 0];
  const [rows, cols] = [taps.map(([a]) => a), taps.map(([, c]) => c)];
  const [top, bottom] = [Math.max(0, m - Math.min(...rows)), Math.max(0, Math.max(...rows) - m)];
  const [left, right] = [Math.max(0, m - Math.min(...cols)), Math.max(0, Math.max(...cols) - m)];
  return [tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]]), top, left];
}

/** K's rows at the kept taps: [k, k, C_in, C_out] → K_T [T·C_in, C_out], contiguous runs sliced. */
function keptRows(kernel: tf.Tensor4D, taps: [number, number][]): tf.Tensor2D {
  const [k, , cin, cout] = kernel.shape;
  const flat = tf.reshape(kernel, [k * k * cin, cout]); // row (a·k + c)·C_in + i
  const runs: [number, number][] = []; // [first tap index, length] of consecutive raster indices
  for (const t of taps.map(([a, c]) => a * k + c)) {
    const last = runs[runs.length - 1];
    if (last && last[0] + last[1] === t) last[1]++;
    else runs.push([t, 1]);
  }
  const parts = runs.map(([t, n]) => tf.slice(flat, [t * cin, 0], [n * cin, cout]));
  return (parts.length === 1 ? parts[0] : tf.concat(parts, 0)) as tf.Tensor2D; // [T·C_in, C_out]
}

/** tf.layers' own layer arguments (name, inputShape, batchInputShape, trainable, …). */
type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export interface MaskedConv2DArgs extends LayerArgs {
  /** Output channels C_out. */
  filters: number;
  /** Odd kernel size k. */
  kernelSize: number;
  /** 'A' (first layer) or 'B'. */
  maskType: MaskType;
  /** Add a learned bias per output channel. Default true. */
  useBias?: boolean;
  /** Seed of the Glorot-uniform kernel initialisation. Default 0. */
  seed?: number;
}

/**
 * `maskedConv2d` as a tf.layers layer, registered for serialisation: a model holding it saves with
 * `model.save(…)` and loads back with `tf.loadLayersModel(…)`.
 */
export class MaskedConv2D extends tf.layers.Layer {
  static className = 'MaskedConv2D';
  readonly filters: number;
  readonly kernelSize: number;
  readonly maskType: MaskType;
  readonly useBias: boolean;
  readonly seed: number;
  private kernelWeight: tf.LayerVariable | null = null;
  private biasWeight: tf.LayerVariable | null = null;

  constructor(args: MaskedConv2DArgs) {
    const { filters, kernelSize, maskType: _, useBias = true, seed = 0, ...layerArgs } = args;
    super(layerArgs);
    // tf.layers' JSON round trip lower-cases short string values ('A' comes back as 'a')
    const maskType = String(args.maskType).toUpperCase() as MaskType;
    causalMask(kernelSize, maskType); // validates both
    if (!Number.isInteger(filters) || filters < 1) throw new RangeError(`MaskedConv2D: filters must be a positive integer, got ${filters}.`);
    this.filters = filters;
    this.kernelSize = kernelSize;
    this.maskType = maskType;
    this.useBias = useBias;
    this.seed = seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const inChannels = shape[shape.length - 1] as number;
    const k = this.kernelSize;
    const init = tf.initializers.glorotUniform({ seed: this.seed });
    this.kernelWeight = this.addWeight('kernel', [k, k, inChannels, this.filters], 'float32', init);
    if (this.useBias) this.biasWeight = this.addWeight('bias', [this.filters], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [...shape.slice(0, -1), this.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D; // [B, H, W, C_in]
      const mask = maskTensor(this.kernelSize, this.maskType); // [k, k, 1, 1]
      return maskedConv2d(x, this.kernelWeight!.read() as tf.Tensor4D, mask, this.biasWeight?.read());
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { filters, kernelSize, maskType, useBias, seed } = this;
    return { ...super.getConfig(), filters, kernelSize, maskType, useBias, seed };
  }
}

tf.serialization.registerClass(MaskedConv2D);
