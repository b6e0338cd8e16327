/**
 * A stride-1 convolution that computes only a listed set T of filter taps (the rest count as 0):
 *   y[b,i,j,o] = Σ_{(u,v) ∈ T} Σ_c xPad[b, i+u, j+v, c] · w[u,v,c,o] (+ β[o])   = conv2d(x, w ⊙ 1_T) + β
 * with xPad = x padded as `pad` says, and β an optional bias. Its gradients:
 *   ∂L/∂x[b,h,w,c] = Σ_{(u,v) ∈ T} Σ_o dyQ[b, h+fh−1−u, w+fw−1−v, o] · w[u,v,c,o]
 *                    dyQ = dy padded by fh−1−p_top above and fw−1−p_left on the left
 *   ∂L/∂w[u,v,c,o] = Σ_{b,i,j} xPad[b, i+u, j+v, c] · dy[b,i,j,o]   for (u, v) ∈ T, else 0
 *   ∂L/∂β[o]       = Σ_{b,i,j} dy[b,i,j,o]
 *
 * Why: a causal mask (maskedConv.ts) zeroes taps inside the rows the convolution keeps. Mask B 3×3
 * keeps 5 of its 6 cropped taps, mask A 7×7 24 of 28; a dense convolution (XNNPACK's) would
 * multiply by the zeros, in the forward pass and in both gradients.
 *
 * On wasm, all three run as wgrad.wat's `conv` (the forward pass and ∂L/∂x: each run of listed
 * taps of each image is one call, reading the padded input in place; y is written once, with the
 * bias added as it is stored) and `wgrad` (∂L/∂w, as conv-grad.ts's in-place filter gradient, over
 * the listed taps), on all cores. They need stride-1 geometry with output widths a multiple of 4
 * and channel counts of 8; anything else, and every other backend, runs conv2d(x, w ⊙ 1_T) + β,
 * which gives the same values.
 */
import * as tf from '@tensorflow/tfjs';
import { backpropFilterInPlace } from './conv-grad';
import { BackendError } from './errors';
import type { WasmHeap } from './heap';
import { type Backend, free, type Info, type KernelCall, type Pad, registered, run } from './kernels';
import { type ConvSegment, wgradKernel } from './wgrad-kernel';

const TAP_CONV = 'GenmodelsTapConv2D';
const TAP_CONV_INPUT = 'GenmodelsTapConv2DBackpropInput';
const TAP_CONV_FILTER = 'GenmodelsTapConv2DBackpropFilter';

/** The 0/1 mask 1_T [fh, fw, 1, 1] (it broadcasts over a filter): taps are flat indices u·fw + v. */
function tapMask([fh, fw]: number[], taps: number[]): tf.Tensor4D {
  const on = new Set(taps);
  return tf.tensor4d(
    Array.from({ length: fh * fw }, (_, t) => (on.has(t) ? 1 : 0)),
    [fh, fw, 1, 1],
  );
}

/** Whether the wasm kernels take this geometry (all three: forward and both gradients). */
function fast(x: tf.Tensor4D, filter: tf.Tensor4D, pad: Pad): boolean {
  const [, H, W, C] = x.shape,
    [fh, fw, , O] = filter.shape;
  const OH = H + pad[1][0] + pad[1][1] - fh + 1,
    OW = W + pad[2][0] + pad[2][1] - fw + 1;
  return (
    tf.getBackend() === 'wasm' &&
    registered.has(TAP_CONV) &&
    wgradKernel(tf.backend()) !== null &&
    x.dtype === 'float32' &&
    filter.dtype === 'float32' &&
    pad.flat().every((p) => p >= 0) &&
    OH >= 1 &&
    OW % 4 === 0 &&
    O % 8 === 0 &&
    C % 8 === 0 &&
    W % 4 === 0 &&
    pad[1][0] <= fh - 1 &&
    pad[2][0] <= fw - 1 &&
    H - OH + pad[1][0] >= 0 &&
    W - OW + pad[2][0] >= 0
  ); // ∂L/∂x pads dy by these
}

/**
 * conv2d(x, filter ⊙ 1_T, stride 1, pad) + bias: x [B, H, W, C], filter [fh, fw, C, O], taps T as
 * flat indices u·fw + v (each once), bias [O] or none → [B, OH, OW, O]. Only the taps in T are
 * computed (see above).
 */
export function tapConv2d(
  x: tf.Tensor4D,
  filter: tf.Tensor4D,
  taps: number[],
  pad: Pad,
  bias?: tf.Tensor1D,
): tf.Tensor4D {
  const [fh, fw, C, O] = filter.shape;
  if (x.rank !== 4 || x.shape[3] !== C)
    throw new RangeError(`tapConv2d: x must be [B, H, W, ${C}] for a filter [${filter.shape}]; got [${x.shape}].`);
  if (bias && (bias.rank !== 1 || bias.shape[0] !== O))
    throw new RangeError(`tapConv2d: the bias must be [${O}] for a filter [${filter.shape}]; got [${bias.shape}].`);
  if (taps.some((t) => !Number.isInteger(t) || t < 0 || t >= fh * fw) || new Set(taps).size !== taps.length) {
    throw new RangeError(
      `tapConv2d: taps must be distinct flat indices u·${fw} + v below ${fh * fw}; got [${taps.join(', ')}].`,
    );
  }
  if (taps.length > 0 && fast(x, filter, pad) && (!bias || bias.dtype === 'float32')) {
    const attrs = { taps, pad } as unknown as tf.NamedAttrMap;
    return tf.engine().runKernel(TAP_CONV, { x, filter, ...(bias ? { bias } : {}) }, attrs) as tf.Tensor4D;
  }
  return tf.tidy(() => {
    const y = tf.conv2d(x, tf.mul(filter, tapMask(filter.shape, taps)) as tf.Tensor4D, 1, pad);
    return bias ? tf.add(y, bias) : y;
  });
}

const tapsOf = (attrs: KernelCall['attrs']) => attrs.taps as number[];
const offset = (backend: Backend, t: Info) => (backend as unknown as WasmHeap).getMemoryOffset(t.dataId);

function kernelOf(backend: Backend) {
  const kernel = wgradKernel(backend);
  if (!kernel) throw new BackendError("tapConv2d: the wasm backend's memory cannot be reached.");
  return kernel;
}

/**
 * x [B, H, W, C] padded by `pad` (spatial axes, none negative): [B, Hp, Wp, C]. Each line of x is
 * one copy into place and only the border is zeroed: stock PadV2 took 0.7–1.5 ms for a PixelCNN
 * activation [32, 28, 28, 64], this 0.4–0.7.
 */
function padded(backend: Backend, x: Info, pad: Pad): Info {
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

function forward({ inputs, attrs, backend }: KernelCall): Info {
  const { x, filter, bias } = inputs;
  const pad = attrs.pad as Pad;
  const [fh, fw, , O] = filter.shape;
  const xPad = padded(backend, x, pad); // [B, Hp, Wp, C]
  const [B, Hp, Wp] = xPad.shape;
  const y = convTaps(backend, xPad, filter, tapsOf(attrs), [B, Hp - fh + 1, Wp - fw + 1, O], bias);
  free(backend, xPad);
  return y;
}

/**
 * ∂L/∂x is the forward convolution of dyQ with the filter turned half a circle and its channels
 * swapped, wR[u, v, o, c] = w[fh−1−u, fw−1−v, c, o], over the taps turned too: t ↦ fh·fw − 1 − t.
 */
function backpropInput({ inputs, attrs, backend }: KernelCall): Info {
  const { dy, filter } = inputs;
  const pad = attrs.pad as Pad;
  const [B, H, W, C] = attrs.inputShape as number[];
  const [fh, fw] = filter.shape;
  const [, OH, OW] = dy.shape;
  const dyQ = padded(backend, dy, [
    [0, 0],
    [fh - 1 - pad[1][0], H - OH + pad[1][0]],
    [fw - 1 - pad[2][0], W - OW + pad[2][0]],
    [0, 0],
  ]);
  const turned = run(backend, 'Reverse', { x: filter }, { dims: [0, 1] });
  const wR = run(backend, 'Transpose', { x: turned }, { perm: [0, 1, 3, 2] }); // [fh, fw, O, C]
  const dx = convTaps(
    backend,
    dyQ,
    wR,
    tapsOf(attrs).map((t) => fh * fw - 1 - t),
    [B, H, W, C],
  );
  free(backend, dyQ, turned, wR);
  return dx;
}

function backpropFilter({ inputs, attrs, backend }: KernelCall): Info {
  const { x, dy } = inputs;
  const [fh, fw] = attrs.filterShape as number[];
  kernelOf(backend); // backpropFilterInPlace needs it too (and returns null without it)
  const xPad = padded(backend, x, attrs.pad as Pad);
  const dw = backpropFilterInPlace(backend, xPad, dy, [fh, fw], tapsOf(attrs))!;
  free(backend, xPad);
  return dw;
}

/** Register the three wasm kernels and the forward kernel's gradient. Idempotent. */
export function registerTapConvKernels(): void {
  if (registered.has(TAP_CONV)) return;
  const kernels: [string, (call: KernelCall) => Info][] = [
    [TAP_CONV, forward],
    [TAP_CONV_INPUT, backpropInput],
    [TAP_CONV_FILTER, backpropFilter],
  ];
  for (const [kernelName, impl] of kernels) {
    tf.registerKernel({
      kernelName,
      backendName: 'wasm',
      kernelFunc: ({ inputs, attrs, backend }) =>
        impl({ inputs: inputs as Record<string, Info>, attrs: attrs ?? {}, backend: backend as Backend }),
    });
  }
  tf.registerGradient({
    kernelName: TAP_CONV,
    inputsToSave: ['x', 'filter'],
    gradFunc: (dyOut, saved, attrs) => {
      const dy = dyOut as tf.Tensor4D; // [B, OH, OW, O]
      const [x, filter] = saved as tf.Tensor4D[];
      const { taps, pad } = attrs as unknown as { taps: number[]; pad: Pad };
      const inputAttrs = { taps, pad, inputShape: x.shape } as unknown as tf.NamedAttrMap;
      const filterAttrs = { taps, pad, filterShape: filter.shape } as unknown as tf.NamedAttrMap;
      return {
        x: () => tf.engine().runKernel(TAP_CONV_INPUT, { dy, filter }, inputAttrs) as tf.Tensor,
        filter: () => tf.engine().runKernel(TAP_CONV_FILTER, { x, dy }, filterAttrs) as tf.Tensor,
        bias: () => tf.sum(dy, [0, 1, 2]), // used only when the call had a bias
      };
    },
  });
  registered.add(TAP_CONV);
}
