/**
 * One gated layer of the gated PixelCNN (gatedPixelcnn.ts has the whole model and its math):
 *   a_v = W_v * v + c V_v                                 vertical(): rows r − m … r, columns q ± m
 *   v'  = tanh(a_v,f) ⊙ σ(a_v,g)                          gate()
 *   a_h = W_h * h + W_link ↓(W_v * v) + c V_h             horizontal(): row r, columns q − m … q
 *   h'  = h + W_out (tanh(a_h,f) ⊙ σ(a_h,g))              (no residual in layer 0)
 * The layer is split into these pieces so that the full pass (gatedLayer) and the cached sampler
 * (gatedPixelcnnSample.ts), which computes one row of v or one pixel of h at a time, run the same
 * ops with the same operands: their values agree bit for bit.
 */
import * as tf from '@tensorflow/tfjs';
import type { ParamStore } from './params';
import { pointwise } from './pixelcnn';

export interface GatedLayer {
  m: number; // ⌊k/2⌋
  Wv: tf.Variable; // [m+1, k, C_in, 2C]
  bv: tf.Variable; // [2C]
  Wh: tf.Variable; // [1, m+1, C_in, 2C]
  bh: tf.Variable; // [2C]
  Wlink: tf.Variable; // [1, 1, 2C, 2C]
  Wout: tf.Variable; // [1, 1, C, C]
  bout: tf.Variable; // [C]
  Vv: tf.Variable | null; // [1, 1, K, 2C], the class bias of the vertical stack (null: unconditional, or the last layer)
  Vh: tf.Variable | null; // [1, 1, K, 2C], of the horizontal stack
  ownPixel: boolean; // whether W_h reads the output's own column q (type B); layer 0's excludes it (type A: it is x_q)
  residual: boolean; // h' = h + …; false in layer 0, whose input is x
  last: boolean; // nothing reads v' of the last layer
}

/** The two stacks after a layer: v [B, H, W, C] (after the last layer: W_v * v, [B, H, W, 2C], unshifted) and h [B, H, W, C]. */
export type Stacks = {
  v: tf.Tensor4D;
  h: tf.Tensor4D;
};

/** The variables of one k×k gated layer reading C_in channels, named `${name}/…` in the checkpoint. */
export function buildLayer(
  p: ParamStore,
  name: string,
  k: number,
  cin: number,
  C: number,
  K: number,
  at: { first: boolean; last: boolean },
): GatedLayer {
  const m = Math.floor(k / 2);
  return {
    m,
    Wv: p.kernel(`${name}/vertical/K`, [m + 1, k, cin, 2 * C]),
    bv: p.constant(`${name}/vertical/b`, [2 * C], 0),
    Wh: p.kernel(`${name}/horizontal/K`, [1, m + 1, cin, 2 * C]),
    bh: p.constant(`${name}/horizontal/b`, [2 * C], 0),
    Wlink: p.kernel(`${name}/link/K`, [1, 1, 2 * C, 2 * C]),
    Wout: p.kernel(`${name}/out/K`, [1, 1, C, C]),
    bout: p.constant(`${name}/out/b`, [C], 0),
    Vv: K > 0 && !at.last ? p.kernel(`${name}/vertical/classBias`, [1, 1, K, 2 * C]) : null,
    Vh: K > 0 ? p.kernel(`${name}/horizontal/classBias`, [1, 1, K, 2 * C]) : null,
    ownPixel: !at.first,
    residual: !at.first,
    last: at.last,
  };
}

/**
 * W_v * v on the output rows of v's last row block: v holds rows r − m … r of the input (fewer at
 * the top edge, where `padTop` zero rows stand in for the missing ones), every column, padded m
 * left and right. The full pass passes all rows with padTop = m. [B, h, W, C_in] → [B, h + padTop − m, W, 2C]
 */
export function vertical(L: GatedLayer, v: tf.Tensor4D, padTop: number): tf.Tensor4D {
  const { m } = L;
  return tf.tidy(() =>
    tf.add<tf.Tensor4D>(
      tf.conv2d(v, L.Wv as tf.Tensor4D, 1, [
        [0, 0],
        [padTop, 0],
        [m, m],
        [0, 0],
      ]),
      L.bv,
    ),
  );
}

/** W_h as the horizontal convolution uses it: layer 0's with its last column (the pixel itself) zeroed. [1, m+1, C_in, 2C] */
function horizontalKernel(L: GatedLayer): tf.Tensor4D {
  if (L.ownPixel) return L.Wh as tf.Tensor4D;
  const columns = Array.from({ length: L.m + 1 }, (_, t) => (t < L.m ? 1 : 0));
  return tf.mul(L.Wh, tf.tensor4d(columns, [1, L.m + 1, 1, 1])) as tf.Tensor4D;
}

/** The class terms c V_v and c V_h [B, 1, 1, 2C] of a layer (null where it has none), from the one-hot c [B, 1, 1, K]. */
export function classBias(L: GatedLayer, onehot: tf.Tensor4D | null): { v: tf.Tensor4D | null; h: tf.Tensor4D | null } {
  return {
    v: onehot && L.Vv ? pointwise(onehot, { K: L.Vv }) : null,
    h: onehot && L.Vh ? pointwise(onehot, { K: L.Vh }) : null,
  };
}

/** v' = gate(a_v + c V_v). av: W_v * v [B, H, W, 2C], cv: c V_v [B, 1, 1, 2C] → [B, H, W, C] */
export function verticalOut(av: tf.Tensor4D, cv: tf.Tensor4D | null): tf.Tensor4D {
  return gate(cv ? (tf.add(av, cv) as tf.Tensor4D) : av);
}

/**
 * h' from h on the columns q − m … q of its row (fewer at the left edge: `padLeft` zeros), and
 * `above` = ↓(W_v * v) at the output pixels; ch = c V_h. The full pass passes whole rows with padLeft = m.
 * h: [B, H, w, C_in], above: [B, H, w + padLeft − m, 2C], ch: [B, 1, 1, 2C] → [B, H, w + padLeft − m, C]
 */
export function horizontal(
  L: GatedLayer,
  h: tf.Tensor4D,
  padLeft: number,
  above: tf.Tensor4D,
  ch: tf.Tensor4D | null,
): tf.Tensor4D {
  const Wh = horizontalKernel(L);
  const conv = tf.conv2d(h, Wh, 1, [
    [0, 0],
    [0, 0],
    [padLeft, 0],
    [0, 0],
  ]);
  let ah = tf.add(tf.add(conv, L.bh), pointwise(above, { K: L.Wlink })) as tf.Tensor4D; // [B, H, w', 2C]
  if (ch) ah = tf.add(ah, ch) as tf.Tensor4D; // + c V_h, [B, 1, 1, 2C] broadcast
  const out = pointwise(gate(ah), { K: L.Wout, b: L.bout }); // [B, H, w', C]
  if (!L.residual) return out;
  const [w, wIn] = [out.shape[2], h.shape[2]];
  const hHere = w === wIn ? h : tf.slice(h, [0, 0, wIn - w, 0], [-1, -1, w, -1]); // h at the output pixels: the last w columns read
  return tf.add(hHere, out) as tf.Tensor4D;
}

/** One whole layer on whole images, in its own tidy so a deep stack holds one layer's intermediates at a time. */
export function gatedLayer(L: GatedLayer, { v, h }: Stacks, onehot: tf.Tensor4D | null): Stacks {
  return tf.tidy(() => {
    const [B, H, W] = v.shape;
    const av = vertical(L, v, L.m); // [B, H, W, 2C]
    // ↓(W_v * v): down one row, row 0 zero, so row r reads rows < r only
    const above = tf.slice(
      tf.pad(av, [
        [0, 0],
        [1, 0],
        [0, 0],
        [0, 0],
      ]),
      [0, 0, 0, 0],
      [B, H, W, -1],
    ) as tf.Tensor4D; // [B, H, W, 2C]
    const c = classBias(L, onehot);
    const hNext = horizontal(L, h, L.m, above, c.h); // [B, H, W, C]
    return { v: L.last ? av : verticalOut(av, c.v), h: hNext };
  });
}

/**
 * tanh(a_f) ⊙ σ(a_g), a = [a_f | a_g] on channels. [B, H, W, 2C] → [B, H, W, C]. Two slices, not
 * tf.split: wasm's SplitV copies through the stock slice (1.4 s of a 4.7 s training step, batch 32,
 * C = 32, measured), the speed engine's Slice kernel (packages/tfjs-wasm-fast) does not.
 */
export function gate(a: tf.Tensor4D): tf.Tensor4D {
  const C = a.shape[3] / 2;
  const [f, g] = [tf.slice(a, [0, 0, 0, 0], [-1, -1, -1, C]), tf.slice(a, [0, 0, 0, C], [-1, -1, -1, C])]; // [B, H, W, C] each
  return tf.mul(tf.tanh(f), tf.sigmoid(g));
}
