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
 * The gradient of K ⊙ M with respect to a masked tap is 0, so masked weights never train.
 * Both masks are zero on every row below the centre (dy > 0), so with m = ⌊k/2⌋ the convolution
 * runs only the kernel's top m + 1 rows, padded m rows above and none below:
 *   conv2d(x, K ⊙ M, 'same') = conv2d(x, (K ⊙ M)[0 … m], pad top m, bottom 0, left m, right m)
 * the same sums without the zero terms: 6 of 9 taps for mask B 3×3, 28 of 49 for mask A 7×7.
 * It is plain tf.conv2d on a masked kernel; on wasm the speed engine's convolution also skips the
 * taps M zeroes within those rows (5 of 9 for 3×3) in the forward pass and in ∂L/∂x.
 *
 * @example
 *   causalMask(3, 'A'); // [[1, 1, 1], [1, 0, 0], [0, 0, 0]]
 *   const layer = new MaskedConv2D({ filters: 32, kernelSize: 7, maskType: 'A' });
 */
import * as tf from '@tensorflow/tfjs';

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

/** Masks made by maskTensor: causal, so maskedConv2d may skip their all-zero rows. */
const causal = new WeakSet<tf.Tensor>();

/** The mask as a tensor [k, k, 1, 1] that broadcasts over a kernel [k, k, C_in, C_out]. */
export function maskTensor(kernelSize: number, type: MaskType): tf.Tensor4D {
  const values = causalMask(kernelSize, type).flat();
  const mask = tf.tensor4d(values, [kernelSize, kernelSize, 1, 1]);
  causal.add(mask);
  return mask;
}

/**
 * conv2d(x, K ⊙ M, stride 1) + b. 'same' (default): x: [B, H, W, C_in] → [B, H, W, C_out];
 * 'valid': → [B, H − k + 1, W − k + 1, C_out], for inputs the caller has padded. A mask from
 * maskTensor runs only the kernel's top ⌊k/2⌋ + 1 rows (see above); any other mask, all k.
 */
export function maskedConv2d(
  x: tf.Tensor4D,
  kernel: tf.Tensor4D,
  mask: tf.Tensor4D,
  bias?: tf.Tensor,
  padding: 'same' | 'valid' = 'same',
): tf.Tensor4D {
  return tf.tidy(() => {
    const y = causal.has(mask)
      ? causalConv2d(x, kernel, mask, padding)
      : tf.conv2d(x, tf.mul(kernel, mask) as tf.Tensor4D, 1, padding);
    return bias ? tf.add(y, bias) : y;
  });
}

/** conv2d(x, K ⊙ M) for a causal M: the kernel's rows 0 … m only (m = ⌊k/2⌋), the rest being 0. */
function causalConv2d(x: tf.Tensor4D, kernel: tf.Tensor4D, mask: tf.Tensor4D, padding: 'same' | 'valid'): tf.Tensor4D {
  const [k, , cin, cout] = kernel.shape;
  const m = Math.floor(k / 2);
  const top = tf.mul(tf.slice(kernel, 0, [m + 1, k, cin, cout]), tf.slice(mask, 0, [m + 1, k, 1, 1])) as tf.Tensor4D; // [m+1, k, C_in, C_out]
  if (padding === 'same')
    return tf.conv2d(x, top, 1, [
      [0, 0],
      [m, 0],
      [m, m],
      [0, 0],
    ]);
  // 'valid': output row i reads input rows i … i + m only, so the last m input rows go unread
  const [B, H, W, C] = x.shape;
  return tf.conv2d(tf.slice(x, 0, [B, H - m, W, C]), top, 1, 'valid');
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
    if (!Number.isInteger(filters) || filters < 1)
      throw new RangeError(`MaskedConv2D: filters must be a positive integer, got ${filters}.`);
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
