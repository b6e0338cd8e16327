/**
 * Stride-1 convolution over the filter taps that are not all 0:
 *   y[b,i,j,o] = Σ_{(u,v) ∈ T} Σ_c xPad[b, i+u, j+v, c] · w[u,v,c,o] (+ β[o])   T = {(u, v) : w[u,v,:,:] ≠ 0}
 * with xPad = x padded as the call says. That is conv2d(x, w) (+ β) exactly: a tap outside T adds 0.
 *
 * Why: a causally masked filter w ⊙ M (genmodels' maskedConv.ts) is 0 on taps inside the rows a
 * convolution keeps. Mask B 3×3 keeps 5 of its 6 cropped taps, mask A 7×7 24 of 28; a dense
 * convolution (XNNPACK's) multiplies by those zeros, and on one thread.
 *
 * On wasm, `Conv2D` and `_FusedConv2D` (at most a bias fused) run as wgrad.wat's `conv`, on all
 * cores: each run of taps of each image is one call, reading the padded input in place; y is
 * written once, with the bias added as it is stored. ∂L/∂x (conv-grad.ts's backpropInput) is this
 * kernel on the turned filter, whose zeros sit on the turned taps, so it skips them too. ∂L/∂w
 * (conv-grad.ts) computes every tap: a weight that is 0 now has a gradient all the same. The
 * kernel needs NHWC, stride 1, no dilation, output widths a multiple of 4 and channel counts of 8;
 * anything else runs the stock kernel. Finding T reads the filter once: 37k floats for a 3×3
 * filter of 64 → 64 channels, against the 514M multiply-adds of its 5 taps on 32 images of 28×28.
 */
import * as tf from '@tensorflow/tfjs';
import { BackendError } from './errors';
import type { WasmHeap } from './heap';
import { type Backend, free, type Info, type KernelCall, type Pad, registerWasmKernel } from './kernels';
import { type ConvSegment, wgradKernel } from './wgrad-kernel';

const offset = (backend: Backend, t: Info) => (backend as unknown as WasmHeap).getMemoryOffset(t.dataId);

function kernelOf(backend: Backend) {
  const kernel = wgradKernel(backend);
  if (!kernel) throw new BackendError("conv2d: the wasm backend's memory cannot be reached.");
  return kernel;
}

/**
 * x [B, H, W, C] padded by `pad` (spatial axes, none negative): [B, Hp, Wp, C]. Each line of x is
 * one copy into place and only the border is zeroed: stock PadV2 took 0.7–1.5 ms for a PixelCNN
 * activation [32, 28, 28, 64], this 0.4–0.7.
 */
export function padded(backend: Backend, x: Info, pad: Pad): Info {
  const heap = backend as unknown as WasmHeap;
  const [B, H, W, C] = x.shape,
    [[top, bottom], [left, right]] = [pad[1], pad[2]];
  const [Hp, Wp] = [H + top + bottom, W + left + right];
  const out = heap.makeOutput([B, Hp, Wp, C], 'float32');
  const [src, dst] = [heap.typedArrayFromHeap(x), heap.typedArrayFromHeap(out)];
  const [line, row] = [Wp * C, W * C]; // floats per padded line, per line of x
  for (let b = 0; b < B; b++) {
    const image = b * Hp * line;
    dst.fill(0, image, image + top * line);
    for (let h = 0, at = image + top * line; h < H; h++, at += line) {
      dst.fill(0, at, at + left * C);
      dst.set(src.subarray((b * H + h) * row, (b * H + h + 1) * row), at + left * C);
      dst.fill(0, at + left * C + row, at + line);
    }
    dst.fill(0, image + (top + H) * line, image + Hp * line);
  }
  return out;
}

/**
 * Runs of T: taps next to each other in one filter row, [u, v0, t0, length]. A run's pixels
 * j + v0 … j + v0 + length − 1 lie side by side in the input, so their channels are one stretch of
 * length·K floats, and so are the run's weights f[t0 … t0 + length − 1]: conv takes a run as one
 * tap with length·K input channels, and keeps its output block in registers across all of them.
 */
export function runs(taps: number[], fw: number): [number, number, number, number][] {
  const out: [number, number, number, number][] = [];
  for (const t of [...taps].sort((p, q) => p - q)) {
    const last = out[out.length - 1];
    if (last && t === last[2] + last[3] && t % fw !== 0) last[3]++;
    else out.push([Math.floor(t / fw), t % fw, t, 1]);
  }
  return out;
}

/**
 * out[b, i, j] = Σ_{t ∈ T} Σ_k a[b, i + u_t, j + v_t, k] · f[t, k, :] (+ bias) by wgrad.wat's conv:
 * one segment per image and run of taps (see runs), threads taking whole images; the first run
 * starts from 0 and the last adds the bias, so out is written, not zeroed first and added to.
 * a [B, Ha, Wa, K], f [fh, fw, K, N], bias [N] or none, out [B, OH, OW, N] made here.
 */
function convTaps(backend: Backend, a: Info, f: Info, taps: number[], [B, OH, OW, N]: number[], bias?: Info): Info {
  const [, Ha, Wa, K] = a.shape;
  const out = (backend as unknown as WasmHeap).makeOutput([B, OH, OW, N], 'float32');
  const [A, F, Y] = [a, f, out].map((t) => offset(backend, t));
  const D = bias ? offset(backend, bias) : 0;
  const tapRuns = runs(taps, f.shape[1]);
  const groups = Array.from({ length: B }, (_, b) =>
    tapRuns.map(([u, v, t, length], r): ConvSegment => ({
      a: A + 4 * ((b * Ha + u) * Wa + v) * K,
      b: F + 4 * t * K * N,
      out: Y + 4 * b * OH * OW * N,
      N: OH,
      J: length * K,
      aLine: 4 * Wa * K,
      bLine: 0,
      outLine: 4 * OW * N,
      pStep: 4 * K,
      fresh: r === 0,
      bias: r === tapRuns.length - 1 ? D : 0,
    })),
  );
  kernelOf(backend).conv(OW, N, groups);
  return out;
}

/** The taps of a filter [fh, fw, C, O] that are not all 0 over C and O, as flat indices u·fw + v. */
export function nonzeroTaps(values: Float32Array, [fh, fw, C, O]: number[]): number[] {
  const slab = C * O,
    taps: number[] = [];
  for (let t = 0; t < fh * fw; t++) {
    for (let i = t * slab, end = i + slab; i < end; i++) {
      if (values[i] !== 0) {
        taps.push(t); // NaN counts as not 0, so a broken filter still poisons y as it should
        break;
      }
    }
  }
  return taps;
}

/**
 * A `Conv2D` or `_FusedConv2D` call's padding as explicit [[0, 0], [top, bottom], [left, right], [0, 0]]
 * when wgrad.wat's conv takes it (NHWC, stride 1, no dilation, every tap's output width a multiple
 * of 4, channels multiples of 8, float32, at most a bias [O] fused), else null.
 */
export function tapConvPad(x: Info, filter: Info, attrs: KernelCall['attrs'], bias?: Info): Pad | null {
  const { strides, pad, dilations, dimRoundingMode, dataFormat } = attrs as unknown as tf.Conv2DAttrs;
  const [, , C, O] = filter.shape;
  const plain =
    (dataFormat ?? 'NHWC') === 'NHWC' &&
    ((attrs.activation as string | undefined) ?? 'linear') === 'linear' &&
    (!bias || (bias.dtype === 'float32' && bias.shape.length === 1 && bias.shape[0] === O)) &&
    x.dtype === 'float32' &&
    filter.dtype === 'float32' &&
    C % 8 === 0 &&
    O % 8 === 0;
  if (!plain) return null;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    strides,
    dilations ?? 1,
    pad,
    dimRoundingMode,
  );
  const { top, bottom, left, right } = info.padInfo;
  const stride1 =
    info.strideHeight === 1 && info.strideWidth === 1 && info.dilationHeight === 1 && info.dilationWidth === 1;
  if (!stride1 || info.outHeight < 1 || info.outWidth % 4 !== 0 || [top, bottom, left, right].some((p) => p < 0))
    return null;
  return [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ];
}

/**
 * `Conv2D` and `_FusedConv2D` (with at most a bias): y = conv2d(x, w) (+ β) by wgrad.wat's conv over
 * the filter's taps that are not all 0, on every core. A causally masked filter w ⊙ M
 * (maskedConv.ts in genmodels) is such a filter: its zeros cost nothing here, nor in ∂L/∂x
 * (conv-grad.ts's backpropInput is this kernel on the turned filter). ∂L/∂w still computes every
 * tap: a weight that is 0 now need not stay 0. Any other call runs the stock kernel.
 */
function conv2dKernel({ inputs, attrs, backend, stock }: KernelCall): Info {
  const { x, filter, bias } = inputs;
  const pad = inputs.preluActivationWeights || !wgradKernel(backend) ? null : tapConvPad(x, filter, attrs, bias);
  const taps = pad
    ? nonzeroTaps((backend as unknown as WasmHeap).typedArrayFromHeap(filter) as Float32Array, filter.shape)
    : [];
  if (!pad || taps.length === 0) return stock!(inputs, attrs); // an all-zero filter (a zero init) is rare: stock it
  const xPad = padded(backend, x, pad); // [B, Hp, Wp, C]
  const [B, Hp, Wp] = xPad.shape;
  const [fh, fw, , O] = filter.shape;
  const y = convTaps(backend, xPad, filter, taps, [B, Hp - fh + 1, Wp - fw + 1, O], bias);
  free(backend, xPad);
  return y;
}

/** Replace the wasm `Conv2D` and `_FusedConv2D` kernels. Idempotent. */
export function registerConvKernels(): void {
  registerWasmKernel('Conv2D', conv2dKernel);
  registerWasmKernel('_FusedConv2D', conv2dKernel);
}
