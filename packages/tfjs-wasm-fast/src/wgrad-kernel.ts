/**
 * Weight gradients as wgrad.wat's sums of outer products, run in place on the wasm backend's memory
 * and split across threads by output block:
 *   out[c, o] += Σ_segments Σ_{n < N, j < J} a[n, j, c] · b[n, j, o]          out: [C, O]
 * A segment is a strided batch of rows (byte offsets; see wgrad.wat). A filter gradient is one
 * segment per tap and image, a dense layer's Xᵀ·∂L/∂Y one or two.
 * The same pool runs wgrad.wat's conv, one filter tap of a convolution over an image's lines
 *   out[n, p, o] += Σ_{j < J} a[n, p, j] · b[n, j, o]
 * split across threads by groups of segments that write disjoint outputs (images, ./tapconv.ts;
 * runs of rows, the plain products of ./matmul.ts).
 * This is the wasm backend's one multithreaded pool: XNNPACK's stays at one thread (./wasm.ts).
 *
 * Why not XNNPACK: these products have a long inner dimension (every pixel of the batch) and a
 * small result, and stock wasm's matmul first re-packs its whole right operand, single-threaded,
 * whenever that operand is a new tensor: 10–16 ms of a 13–19 ms product for [64, 25088]·[25088, 64].
 *
 * Threads: with the threaded backend (shared memory) the work is cut into as many parts as the
 * pool has threads (wgrad: rows of out where it has enough, see partition; conv: groups);
 * worker k computes part k, the calling thread the last one, and each writes only its own part, so
 * the result does not depend on the thread count. The workers wait on a shared control array
 * between jobs (Atomics), hold no event loop open, and are unref'd. A worker that fails between
 * jobs (or cannot start) leaves the kernel on one thread, with a warning; one that fails or stalls
 * during a job is an error, since its part of that result is missing.
 */
import { Worker } from 'node:worker_threads';
import type * as tf from '@tensorflow/tfjs';
import { BackendError } from './errors';
import { backendMemory, compile, instantiate, isShared, type Memory, type WasmHeap, type WasmModule } from './heap';
import { threadCount } from './threads';
import { WGRAD_WASM } from './wgrad-wasm';

/** wgrad: rows n·aLine + j·4C of a and n·bLine + j·4O of b (byte offsets), for n < N, j < J. */
export interface Segment {
  a: number;
  b: number;
  out: number;
  N: number;
  J: number;
  aLine: number;
  bLine: number;
}
/**
 * conv: also output lines n·outLine from out, pixel p's channels at p·pStep in a's line (bytes);
 * `fresh`: start from 0, not from out (a group's first segment, out not zeroed); `bias`: the byte
 * offset of a vector [O] added as the sums are stored (a group's last segment), 0 for none.
 */
export interface ConvSegment extends Segment {
  outLine: number;
  pStep: number;
  fresh?: boolean;
  bias?: number;
}

type Raw = (
  a: number,
  b: number,
  out: number,
  N: number,
  J: number,
  C: number,
  O: number,
  aLine: number,
  bLine: number,
  c0: number,
  c1: number,
  o0: number,
  o1: number,
) => void;
type RawConv = (
  a: number,
  b: number,
  out: number,
  N: number,
  J: number,
  O: number,
  aLine: number,
  bLine: number,
  outLine: number,
  pStep: number,
  fresh: number,
  bias: number,
  p0: number,
  p1: number,
  o0: number,
  o1: number,
) => void;

/** One thread's share of a job: its output block [c0, c1) × [o0, o1) of the segments [s0, s1). */
type Part = [number, number, number, number, number, number];

/** Control array layout (int32 slots): header, then each part's Part, then segments. */
const GEN = 0,
  DONE = 1,
  CH = 2,
  OUT = 3,
  FAILED = 4,
  FN = 5,
  HEADER = 8;
const MAX_PARTS = 64,
  PART = 6,
  SEGMENT = 11,
  MAX_SEGMENTS = 4096;
const SEGMENTS_AT = HEADER + PART * MAX_PARTS;
/** Which function a job runs (the FN slot). */
const WGRAD = 0,
  CONV = 1;
/** Jobs below this many FLOP run on the calling thread alone (threadsFor). */
export const SMALL_JOB = 16e6;
/** How long the caller waits for a worker before calling the pool broken. */
const STALL_MS = 60_000;

/** The worker's whole program: wait for a job, run its part of every segment, report, repeat. */
const WORKER = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, part } = workerData;
const { wgrad, conv } = new WebAssembly.Instance(module, { env: { memory } }).exports;
const s = new Int32Array(control);
let gen = 0;
for (;;) {
  Atomics.wait(s, ${GEN}, gen);
  gen = Atomics.load(s, ${GEN});
  try {
    const r = ${HEADER} + ${PART} * part, [c0, c1, o0, o1, s0, s1] = [s[r], s[r + 1], s[r + 2], s[r + 3], s[r + 4], s[r + 5]];
    if (c1 > c0 && o1 > o0) {
      for (let i = s0, p = ${SEGMENTS_AT} + ${SEGMENT} * s0; i < s1; i++, p += ${SEGMENT}) {
        if (s[${FN}] === ${WGRAD}) wgrad(s[p], s[p + 1], s[p + 2], s[p + 3], s[p + 4], s[${CH}], s[${OUT}], s[p + 5], s[p + 6], c0, c1, o0, o1);
        else conv(s[p], s[p + 1], s[p + 2], s[p + 3], s[p + 4], s[${OUT}], s[p + 5], s[p + 6], s[p + 7], s[p + 8], s[p + 9], s[p + 10], c0, c1, o0, o1);
      }
    }
  } catch (err) {
    Atomics.store(s, ${FAILED}, 1);
  }
  Atomics.add(s, ${DONE}, 1);
  Atomics.notify(s, ${DONE});
}`;

/** Rows per line when a caller cuts plain rows into lines: a line of a and of b stays in L1 while every output block passes over it. */
export const LINE = 32;

/**
 * K consecutive rows as whole lines of `line` rows, and one shorter line for the rest: each line of
 * a starts aLine bytes after the last (0: every line reads the same a), each line of b bLine.
 */
export function inLines(
  K: number,
  start: { a: number; b: number; out: number },
  aLine: number,
  bLine: number,
  line = LINE,
): Segment[] {
  const lines = Math.floor(K / line),
    rest = K - lines * line;
  const at = (n: number) => ({ a: start.a + n * aLine, b: start.b + n * bLine, out: start.out, aLine, bLine });
  return [
    ...(lines > 0 ? [{ ...at(0), N: lines, J: line }] : []),
    ...(rest > 0 ? [{ ...at(lines), N: 1, J: rest }] : []),
  ];
}

/**
 * [c0, c1, o0, o1] of each of `parts` output blocks: whole 4-row blocks of C, else 8-column blocks
 * of O. Rows first, because a thread that owns whole rows writes one contiguous range of out; split
 * by columns, two threads write into the same cache line of every row (the heap aligns tensors to 8
 * bytes, not 64), and that line bounces between cores on every pass: a 64×64-channel filter
 * gradient ran at 44 GFLOP/s on 2 threads split by columns, about as on 1 thread, and 78 by rows.
 */
export function partition(C: number, O: number, parts: number): [number, number, number, number][] {
  const cut = (units: number, size: number) =>
    Array.from({ length: parts }, (_, k) => [
      Math.floor((units * k) / parts) * size,
      Math.floor((units * (k + 1)) / parts) * size,
    ]);
  if (C / 4 >= parts) return cut(C / 4, 4).map(([c0, c1]) => [c0, c1, 0, O]);
  if (O / 8 >= parts) return cut(O / 8, 8).map(([o0, o1]) => [0, C, o0, o1]);
  return Array.from({ length: parts }, (_, k) => (k === parts - 1 ? [0, C, 0, O] : [0, 0, 0, 0]));
}

export class WgradKernel {
  private readonly raw: Raw;
  private readonly rawConv: RawConv;
  private control: Int32Array | null = null;
  private workers: Worker[] = [];
  private broken: string | null = null;

  constructor(module: WasmModule, memory: Memory, threads: number) {
    this.raw = instantiate<Raw>(module, memory, 'wgrad');
    this.rawConv = instantiate<RawConv>(module, memory, 'conv');
    const parts = Math.min(threads, MAX_PARTS);
    if (parts < 2 || !isShared(memory)) return;
    const control = new SharedArrayBuffer(4 * (SEGMENTS_AT + SEGMENT * MAX_SEGMENTS));
    try {
      for (let part = 0; part < parts - 1; part++) {
        const worker = new Worker(WORKER, { eval: true, workerData: { module, memory, control, part } });
        worker.on('error', (err) => {
          this.broken = `a wgrad worker failed (${err.message})`;
        });
        worker.unref();
        this.workers.push(worker);
      }
      this.control = new Int32Array(control);
    } catch (err) {
      this.broken = `cannot start wgrad worker threads (${(err as Error).message})`;
      this.singleThreaded();
    }
  }

  /** Threads that share a job (the caller's included). */
  get threads(): number {
    return this.workers.length + 1;
  }

  /**
   * Threads worth waking for a job of `flop` multiply-adds ×2: one below SMALL_JOB. A sleeping
   * worker takes 10–100 µs to wake, more than it saves on a small job: the VAE's
   * [128, 20]ᵀ·[128, 512] took 0.6 ms on 2 threads within a training step, 0.1 on 1.
   */
  threadsFor(flop: number): number {
    return flop < SMALL_JOB ? 1 : this.threads;
  }

  /** Carry on alone after a worker failed between jobs: slower, same results. */
  private singleThreaded(): void {
    console.warn(`tfjs-wasm-fast: ${this.broken}; weight gradients continue on one thread.`);
    for (const worker of this.workers) void worker.terminate();
    this.workers = [];
    this.control = null;
  }

  /**
   * wgrad: out[c, o] += the segments' sums, for C % 4 = 0 and O % 8 = 0; `threads` threads (at
   * most the pool's) split out (see partition), the calling thread alone when 1.
   */
  run(C: number, O: number, segments: Segment[], threads = this.threads): void {
    if (C % 4 !== 0 || O % 8 !== 0)
      throw new BackendError(`wgrad needs C a multiple of 4 and O of 8; got C ${C}, O ${O}.`);
    if (this.broken && this.control) this.singleThreaded();
    const parts = Math.max(1, Math.min(threads, this.threads));
    const idle: [number, number, number, number][] = Array.from({ length: this.threads - parts }, () => [0, 0, 0, 0]);
    const blocks = [...idle, ...partition(C, O, parts)]; // idle workers first: the caller takes the last block
    for (let start = 0; start < segments.length; start += MAX_SEGMENTS) {
      const chunk = segments.slice(start, start + MAX_SEGMENTS);
      this.execute(
        WGRAD,
        C,
        O,
        chunk,
        blocks.map((b): Part => [...b, 0, chunk.length]),
      );
    }
  }

  /**
   * conv: out[n, p, o] += the segments' sums for p < P, o < O (P % 4 = 0, O % 8 = 0). Each group
   * writes output lines no other group writes (an image, say); threads take whole groups.
   */
  conv(P: number, O: number, groups: ConvSegment[][]): void {
    if (P % 4 !== 0 || O % 8 !== 0)
      throw new BackendError(`conv needs P a multiple of 4 and O of 8; got P ${P}, O ${O}.`);
    if (groups.some((g) => g.length > MAX_SEGMENTS))
      throw new BackendError(`conv takes at most ${MAX_SEGMENTS} segments per group.`);
    if (this.broken && this.control) this.singleThreaded();
    for (let start = 0; start < groups.length;) {
      let end = start,
        count = 0;
      while (end < groups.length && count + groups[end].length <= MAX_SEGMENTS) count += groups[end++].length;
      const chunk = groups.slice(start, end);
      const parts = Math.min(this.threads, chunk.length);
      const starts = chunk.reduce((at, g) => [...at, at[at.length - 1] + g.length], [0]); // segment index where each group starts
      const cuts = Array.from({ length: parts + 1 }, (_, k) => starts[Math.floor((chunk.length * k) / parts)]);
      const shares = Array.from({ length: this.threads }, (_, k): Part =>
        k < parts ? [0, P, 0, O, cuts[k], cuts[k + 1]] : [0, 0, 0, 0, 0, 0],
      );
      this.execute(CONV, P, O, chunk.flat(), shares.reverse()); // the caller (last part) takes the first groups
      start = end;
    }
  }

  /** Run `fn` over `segments` (at most MAX_SEGMENTS): part k on worker k, the last part here. */
  private execute(fn: number, C: number, O: number, segments: ConvSegment[] | Segment[], parts: Part[]): void {
    const shared =
      this.control !== null && parts.slice(0, -1).some(([c0, c1, o0, o1, s0, s1]) => c1 > c0 && o1 > o0 && s1 > s0);
    if (shared) this.dispatch(fn, C, O, segments, parts); // else the workers sleep on: waking them costs 10–100 µs
    const [c0, c1, o0, o1, s0, s1] = parts[parts.length - 1];
    if (c1 > c0 && o1 > o0) {
      for (const s of segments.slice(s0, s1) as ConvSegment[]) {
        if (fn === WGRAD) this.raw(s.a, s.b, s.out, s.N, s.J, C, O, s.aLine, s.bLine, c0, c1, o0, o1);
        else
          this.rawConv(
            s.a,
            s.b,
            s.out,
            s.N,
            s.J,
            O,
            s.aLine,
            s.bLine,
            s.outLine,
            s.pStep,
            s.fresh ? 1 : 0,
            s.bias ?? 0,
            c0,
            c1,
            o0,
            o1,
          );
      }
    }
    if (shared) this.join();
  }

  /** Hand the workers their parts of `segments`. */
  private dispatch(
    fn: number,
    C: number,
    O: number,
    segments: (Segment & Partial<ConvSegment>)[],
    parts: Part[],
  ): void {
    const s = this.control!;
    s[FN] = fn;
    s[CH] = C;
    s[OUT] = O;
    parts.forEach((part, k) => s.set(part, HEADER + PART * k));
    segments.forEach((g, i) =>
      s.set(
        [g.a, g.b, g.out, g.N, g.J, g.aLine, g.bLine, g.outLine ?? 0, g.pStep ?? 0, g.fresh ? 1 : 0, g.bias ?? 0],
        SEGMENTS_AT + SEGMENT * i,
      ),
    );
    Atomics.store(s, DONE, 0);
    Atomics.add(s, GEN, 1);
    Atomics.notify(s, GEN);
  }

  /** Wait until every worker has finished its part. */
  private join(): void {
    const s = this.control!;
    for (let done = Atomics.load(s, DONE); done < this.workers.length; done = Atomics.load(s, DONE)) {
      if (Atomics.wait(s, DONE, done, STALL_MS) === 'timed-out') {
        this.broken = this.broken ?? `a wgrad worker did not finish within ${STALL_MS / 1000} s`;
        throw new BackendError(this.broken);
      }
    }
    if (Atomics.exchange(s, FAILED, 0) !== 0)
      throw new BackendError('a wgrad worker threw; its part of the gradient is missing.');
  }
}

/** A float32 output of `shape` filled with 0, for wgrad to accumulate into. */
export function zeros(backend: unknown, shape: number[]): tf.TensorInfo {
  const heap = backend as WasmHeap;
  const out = heap.makeOutput(shape, 'float32');
  heap.typedArrayFromHeap(out).fill(0);
  return out;
}

const kernels = new WeakMap<Memory, WgradKernel>();

/**
 * The kernel over `backend`'s memory, on every core or GENMODELS_THREADS (made on first use; one
 * thread when the memory is not shared), or null when its memory cannot be found.
 */
export function wgradKernel(backend: unknown, threads = threadCount()): WgradKernel | null {
  const memory = backendMemory(backend);
  if (!memory) return null;
  let kernel = kernels.get(memory);
  if (!kernel) {
    kernel = new WgradKernel(compile(WGRAD_WASM, memory), memory, threads);
    kernels.set(memory, kernel);
  }
  return kernel;
}
