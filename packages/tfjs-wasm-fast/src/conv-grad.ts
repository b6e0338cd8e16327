/**
 * Convolution gradients on wasm, as forward convolutions (XNNPACK's fast path).
 *
 * Forward, NHWC, stride s, top/left padding p, no dilation:
 *   y[b,i,j,o] = Σ_{u,v,c} x[b, i·s+u−p_t, j·s+v−p_l, c] · w[u,v,c,o]
 *
 * Filter gradient (`Conv2DBackpropFilter`; stock wasm has none):
 *   ∂L/∂w[u,v,c,o] = Σ_{b,i,j} x[b, u+i·s−p_t, v+j·s−p_l, c] · dy[b,i,j,o]
 * is, for each tap (u, v), a sum over N = B·OH·OW rows of outer products x_{u,v}[n]ᵀ dy[n], where
 * x_{u,v} [N, c] is the strided window of padded x the tap sees. At stride 1 with c a multiple of 4
 * and o of 8 (every hidden layer here), or one channel (the taps as channels), or two or three and
 * few taps (x padded to 4 channels), that is wgrad.wat, reading each tap's window in place
 * (./wgrad-kernel.ts; XNNPACK re-packs dy, single-threaded, before every product). Otherwise it is
 * one matmul x_{u,v}ᵀ · dy per tap, dy as [N, o]. With few input channels c those matmuls are
 * matrix-vector products, and a large filter has hundreds of them (a 21×21 mask-A conv: 441), so
 * for stride 1 and c ≤ FEW_CHANNELS the whole gradient is instead ONE forward convolution:
 *   ∂L/∂w[u,v,c,o] = Σ_{i,j,b} X[c, u+i, v+j, b] · F[i, j, b, o],
 *   X = padded x as [c, OH+fh−1, OW+fw−1, b] (batch ↔ channels), F = dy as an [OH, OW, b, o] filter,
 * a 'valid' convolution whose [c, fh, fw, o] output is transposed to [fh, fw, c, o]. (With many
 * channels XNNPACK runs this form 2–3× slower than the per-tap matmuls.)
 *
 * Input gradient (`Conv2DBackpropInput`, also what `conv2dTranspose` runs; stock is 13× slower
 * than conv2d):
 *   ∂L/∂x[b,h,w,c] = Σ_{u,v,o} D[b, h+p_t−u, w+p_l−v, o] · w[u,v,c,o]
 * where D is dy with s−1 zeros inserted after each element (D[i·s] = dy[i]). That is a stride-1
 * convolution of D with w flipped in u, v and its channels swapped ([u, v, o, c]), padded by
 * f−1−p before. Geometries this cannot express (padding beyond the filter) run the stock kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { BackendError } from './errors';
import type { WasmHeap } from './heap';
import { type Backend, free, type Info, type KernelCall, type Pad, registerWasmKernel, run } from './kernels';
import { padded } from './tapconv';
import { type ConvSegment, type Segment, wgradKernel, zeros } from './wgrad-kernel';

function convInfo(xShape: number[], filterShape: number[], attrs: KernelCall['attrs'], kernel: string) {
  if (attrs.dataFormat === 'NCHW') {
    throw new BackendError(`${kernel} on wasm supports dataFormat NHWC only; found NCHW. Use channels-last tensors.`);
  }
  const { strides, pad, dimRoundingMode } = attrs as Pick<tf.Conv2DAttrs, 'strides' | 'pad' | 'dimRoundingMode'>;
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
  );
}

/** Stride-1 NHWC convolution with explicit padding. */
function conv2d(backend: Backend, x: Info, filter: Info, pad: Pad): Info {
  return run(backend, 'Conv2D', { x, filter }, { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [1, 1] });
}

/**
 * Padded x [B, Hq·sh, Wq·sw, C] as its sh·sw phases, phase (p, q) = xPad[b, i·sh + p, j·sw + q, c]
 * as [C, B, Hq, Wq] (a slice and a 2-D transpose each), so that what filter tap (u, v) sees,
 * xPad[b, u + i·sh, v + j·sw, c] for i < OH, j < OW, is a plain slice of phase (u mod sh, v mod sw)
 * from (⌊u/sh⌋, ⌊v/sw⌋). Stock wasm's StridedSlice took 15 ms for one tap of [16, 128, 15, 15] at
 * stride 2, and its 6-D transpose (all phases at once) 43 ms.
 */
function phases(backend: Backend, xPad: Info, [sh, sw]: number[]): Info[] {
  const [B, Hp, Wp, C] = xPad.shape,
    [Hq, Wq] = [Hp / sh, Wp / sw];
  const x5 = run(backend, 'Reshape', { x: xPad }, { shape: [B, Hq, sh, Wq, sw * C] });
  const out = Array.from({ length: sh * sw }, (_, k) => {
    const [p, q] = [Math.floor(k / sw), k % sw];
    const ph =
      sh * sw === 1 ? x5 : run(backend, 'Slice', { x: x5 }, { begin: [0, 0, p, 0, q * C], size: [B, Hq, 1, Wq, C] }); // stride 1: x itself
    const rows = run(backend, 'Reshape', { x: ph }, { shape: [B * Hq * Wq, C] });
    const cols = run(backend, 'Transpose', { x: rows }, { perm: [1, 0] });
    const phase = run(backend, 'Reshape', { x: cols }, { shape: [C, B, Hq, Wq] });
    free(backend, ...(ph === x5 ? [] : [ph]), rows, cols);
    return phase;
  });
  free(backend, x5);
  return out;
}

/** Tap (u, v)'s window of the phases (see above) as [C, B·OH·OW]. */
function window(backend: Backend, xPh: Info[], [u, v]: number[], [OH, OW]: number[], [sh, sw]: number[]): Info {
  const phase = xPh[(u % sh) * sw + (v % sw)],
    [C, B] = phase.shape;
  const xs = run(
    backend,
    'Slice',
    { x: phase },
    { begin: [0, 0, Math.floor(u / sh), Math.floor(v / sw)], size: [C, B, OH, OW] },
  );
  const xsN = run(backend, 'Reshape', { x: xs }, { shape: [C, B * OH * OW] });
  free(backend, xs);
  return xsN;
}

const roundUp = (n: number, m: number) => Math.ceil(n / m) * m;

/** Input channels up to which the filter gradient is one forward convolution (stride 1). */
const FEW_CHANNELS = 4;
/**
 * Taps up to which a filter gradient with 2–3 input channels runs in place on x zero-padded to 4
 * channels, not as one convolution: the in-place kernel's cost grows with the taps, the
 * convolution's is mostly re-packing dy. Measured with one channel padded to 4 (batch 32, 28×28,
 * 64 filters, 2 threads): a cropped 7×7 mask-A layer (4×7 = 28 taps) 19 ms as a convolution, 10–11
 * in place; a cropped 21×21 (11×21 = 231 taps) 25 ms as a convolution, 52 in place. One channel
 * now always runs in place with the taps as channels (backpropFilterOneChannel): 2.5 and 11 ms.
 */
const FEW_TAPS = 64;

/** ∂L/∂w[u, v] = x_{u,v}ᵀ · dy: one plain matmul per filter tap, over N = B·OH·OW rows. */
function backpropFilter({ inputs, attrs, backend }: KernelCall): Info {
  const { x, dy } = inputs;
  const info = convInfo(x.shape, attrs.filterShape as number[], attrs, 'Conv2DBackpropFilter');
  const {
    filterHeight: fh,
    filterWidth: fw,
    strideHeight: sh,
    strideWidth: sw,
    outHeight: OH,
    outWidth: OW,
    padInfo,
  } = info;
  const [B, H, W, C] = x.shape;
  const O = dy.shape[3];
  // Rows read: from −p_t to (OH−1)·sh + fh − 1 − p_t; pad x that far (windows never read past it),
  // and on to a multiple of the stride (phases).
  const bottom = roundUp(Math.max(H + padInfo.top, (OH - 1) * sh + fh), sh) - H - padInfo.top;
  const right = roundUp(Math.max(W + padInfo.left, (OW - 1) * sw + fw), sw) - W - padInfo.left;
  const paddings: Pad = [
    [0, 0],
    [padInfo.top, bottom],
    [padInfo.left, right],
    [0, 0],
  ];
  const xPad =
    x.dtype === 'float32'
      ? padded(backend, x, paddings) // faster than stock PadV2 (tapconv.ts)
      : run(backend, 'PadV2', { x }, { paddings, constantValue: 0 }); // [B, Hp, Wp, C]
  if (sh === 1 && sw === 1) {
    const inPlace = O % 8 === 0 && (C % 4 === 0 || C === 1 || (C < 4 && fh * fw <= FEW_TAPS));
    const dw = inPlace
      ? backpropFilterInPlace(backend, xPad, dy, [fh, fw])
      : C <= FEW_CHANNELS
        ? backpropFilterAsConv(backend, xPad, dy, [fh, fw])
        : null;
    if (dw) {
      free(backend, xPad);
      return dw;
    }
  }
  const xPh = phases(backend, xPad, [sh, sw]); // sh·sw of [C, B, Hp/sh, Wp/sw]
  const dyN = run(backend, 'Reshape', { x: dy }, { shape: [B * OH * OW, O] }); // [N, O]
  const taps: Info[] = [];
  for (let u = 0; u < fh; u++)
    for (let v = 0; v < fw; v++) {
      const xsN = window(backend, xPh, [u, v], [OH, OW], [sh, sw]); // [C, N]
      const tap = run(backend, 'BatchMatMul', { a: xsN, b: dyN }, { transposeA: false, transposeB: false }); // [C, O]
      free(backend, xsN);
      taps.push(tap);
    }
  const dwFlat = run(backend, 'Concat', taps as unknown as Record<string, Info>, { axis: 0 }); // [fh·fw·C, O]
  const dw = run(backend, 'Reshape', { x: dwFlat }, { shape: [fh, fw, C, O] });
  free(backend, xPad, ...xPh, dyN, dwFlat, ...taps);
  return dw;
}

/**
 * Stride 1: ∂L/∂w[u, v] = Σ_{b, i, j} xPad[b, i + u, j + v]ᵀ dy[b, i, j] by wgrad.wat, one segment
 * per tap and image: lines i < OH of OW pixels, the tap's window read in place. Only the taps
 * listed (flat indices u·fw + v; default all) are computed, the others are 0. Null when the
 * backend's memory cannot be reached (the caller then runs the per-tap matmuls).
 */
export function backpropFilterInPlace(
  backend: Backend,
  xPad: Info,
  dy: Info,
  [fh, fw]: number[],
  taps = [...Array(fh * fw).keys()],
): Info | null {
  const kernel = wgradKernel(backend);
  if (!kernel) return null;
  if (xPad.shape[3] === 1) return backpropFilterOneChannel(backend, xPad, dy, [fh, fw], taps);
  if (xPad.shape[3] % 4 !== 0) {
    // 1–3 channels: the kernel takes them in fours, so pad with zeros and keep the real ones
    const C = xPad.shape[3];
    const x4 = run(
      backend,
      'PadV2',
      { x: xPad },
      {
        paddings: [
          [0, 0],
          [0, 0],
          [0, 0],
          [0, 4 - C],
        ],
        constantValue: 0,
      },
    );
    const dw4 = backpropFilterInPlace(backend, x4, dy, [fh, fw], taps)!; // [fh, fw, 4, O]
    const dw = run(backend, 'Slice', { x: dw4 }, { begin: [0, 0, 0, 0], size: [fh, fw, C, dy.shape[3]] });
    free(backend, x4, dw4);
    return dw;
  }
  const [B, OH, OW, O] = dy.shape;
  const [, Hp, Wp, C] = xPad.shape;
  const heap = backend as unknown as WasmHeap;
  const dw = zeros(backend, [fh, fw, C, O]);
  const [X, D, W] = [xPad, dy, dw].map((t) => heap.getMemoryOffset(t.dataId));
  const segments: Segment[] = [];
  for (const t of taps)
    for (let b = 0; b < B; b++) {
      const [u, v] = [Math.floor(t / fw), t % fw];
      segments.push({
        a: X + 4 * ((b * Hp + u) * Wp + v) * C,
        b: D + 4 * b * OH * OW * O,
        out: W + 4 * t * C * O,
        N: OH,
        J: OW,
        aLine: 4 * Wp * C,
        bLine: 4 * OW * O,
      });
    }
  kernel.run(C, O, segments);
  return dw;
}

/**
 * One input channel, stride 1: a tap row's taps v read consecutive floats of xPad, so
 *   ∂L/∂w[u, v, 0, o] = Σ_{b, i, j} xPad[b, i + u, j + v] · dy[b, i, j, o]
 * is wgrad.wat's conv with the taps as its pixels (p = v, 4 bytes apart) and a line's pixels as its
 * channels: one segment per tap row and image, every line summed into the same [P, O] (outLine 0),
 * threads taking whole tap rows. P = fw rounded up to 4; the extra taps read one more padded
 * column each and are dropped. (Padding x to 4 channels instead computes 4× the products.)
 */
function backpropFilterOneChannel(backend: Backend, xPad: Info, dy: Info, [fh, fw]: number[], taps: number[]): Info {
  const [B, OH, OW, O] = dy.shape;
  const P = Math.ceil(fw / 4) * 4;
  const xWide = run(
    backend,
    'PadV2',
    { x: xPad },
    {
      paddings: [
        [0, 0],
        [0, 0],
        [0, P - fw],
        [0, 0],
      ],
      constantValue: 0,
    },
  );
  const [, Hp, Wp] = xWide.shape;
  const rows = zeros(backend, [fh, P, O]);
  const heap = backend as unknown as WasmHeap;
  const [X, D, R] = [xWide, dy, rows].map((t) => heap.getMemoryOffset(t.dataId));
  wgradKernel(backend)!.conv(
    P,
    O,
    Array.from({ length: fh }, (_, u) =>
      Array.from({ length: B }, (_, b): ConvSegment => ({
        a: X + 4 * (b * Hp + u) * Wp,
        b: D + 4 * b * OH * OW * O,
        out: R + 4 * u * P * O,
        N: OH,
        J: OW,
        aLine: 4 * Wp,
        bLine: 4 * OW * O,
        outLine: 0,
        pStep: 4,
      })),
    ),
  );
  const dw = run(backend, 'Slice', { x: rows }, { begin: [0, 0, 0], size: [fh, fw, O] });
  const out = run(backend, 'Reshape', { x: dw }, { shape: [fh, fw, 1, O] });
  const listed = new Set(taps),
    values = heap.typedArrayFromHeap(out);
  for (let t = 0; t < fh * fw; t++) if (!listed.has(t)) values.fill(0, t * O, (t + 1) * O);
  free(backend, xWide, rows, dw);
  return out;
}

/** Stride 1: ∂L/∂w as one 'valid' convolution of x (batch as channels) with dy as the filter. */
function backpropFilterAsConv(backend: Backend, xPad: Info, dy: Info, [fh, fw]: number[]): Info {
  const [B, OH, OW] = dy.shape;
  const C = xPad.shape[3];
  // rows and columns the taps read: exactly OH + fh − 1 by OW + fw − 1 (xPad may hold more)
  const xs = run(backend, 'Slice', { x: xPad }, { begin: [0, 0, 0, 0], size: [B, OH + fh - 1, OW + fw - 1, C] });
  const X = run(backend, 'Transpose', { x: xs }, { perm: [3, 1, 2, 0] }); // [C, OH+fh−1, OW+fw−1, B]
  const F = run(backend, 'Transpose', { x: dy }, { perm: [1, 2, 0, 3] }); // [OH, OW, B, O]
  const y = conv2d(backend, X, F, [
    [0, 0],
    [0, 0],
    [0, 0],
    [0, 0],
  ]); // [C, fh, fw, O]
  const dw = run(backend, 'Transpose', { x: y }, { perm: [1, 2, 0, 3] }); // [fh, fw, C, O]
  free(backend, xs, X, F, y);
  return dw;
}

/** dy with s−1 zeros after each element along H and W: [B, OH, OW, O] → [B, OH·sh, OW·sw, O]. */
function insertZeros(backend: Backend, dy: Info, sh: number, sw: number): Info {
  const [B, OH, OW, O] = dy.shape;
  const rows = run(backend, 'Reshape', { x: dy }, { shape: [B * OH, OW, 1, O] });
  const wide = run(
    backend,
    'PadV2',
    { x: rows },
    {
      paddings: [
        [0, 0],
        [0, 0],
        [0, sw - 1],
        [0, 0],
      ],
      constantValue: 0,
    },
  );
  const flat = run(backend, 'Reshape', { x: wide }, { shape: [B * OH, 1, OW * sw, O] });
  const tall = run(
    backend,
    'PadV2',
    { x: flat },
    {
      paddings: [
        [0, 0],
        [0, sh - 1],
        [0, 0],
        [0, 0],
      ],
      constantValue: 0,
    },
  );
  const out = run(backend, 'Reshape', { x: tall }, { shape: [B, OH * sh, OW * sw, O] });
  free(backend, rows, wide, flat, tall);
  return out;
}

/** ∂L/∂x as a stride-1 forward convolution of zero-inserted dy with the flipped filter. */
function backpropInput({ inputs, attrs, backend, stock }: KernelCall): Info {
  const { dy, filter } = inputs;
  const inputShape = attrs.inputShape as number[];
  const info = convInfo(inputShape, filter.shape, attrs, 'Conv2DBackpropInput');
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, padInfo } = info;
  const [, H, W] = inputShape;
  const pad: Pad = [
    [0, 0],
    [fh - 1 - padInfo.top, H - info.outHeight * sh + padInfo.top],
    [fw - 1 - padInfo.left, W - info.outWidth * sw + padInfo.left],
    [0, 0],
  ];
  if (pad.some(([a, b]) => a < 0 || b < 0)) return stock!(inputs, attrs);
  const d = sh === 1 && sw === 1 ? dy : insertZeros(backend, dy, sh, sw); // [B, OH·sh, OW·sw, O]
  const flipped = run(backend, 'Reverse', { x: filter }, { dims: [0, 1] });
  const wT = run(backend, 'Transpose', { x: flipped }, { perm: [0, 1, 3, 2] }); // [fh, fw, O, C]
  const dx = conv2d(backend, d, wT, pad); // [B, H, W, C]
  free(backend, flipped, wT, ...(d === dy ? [] : [d]));
  return dx;
}

/** Register `Conv2DBackpropFilter` and replace `Conv2DBackpropInput` on wasm. */
export function registerConvGradKernels(): void {
  registerWasmKernel('Conv2DBackpropFilter', backpropFilter);
  registerWasmKernel('Conv2DBackpropInput', backpropInput);
}
