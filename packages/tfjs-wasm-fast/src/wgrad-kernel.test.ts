/**
 * wgrad.wat (wgrad and conv) and its thread pool: the sums against a float64 reference, the same
 * bits on 1, 2 and 3 threads, also when a job asks a pool for fewer (each thread writes its own output block or images), jobs longer than the control array holds,
 * how the output is cut, falling back to one thread when a worker fails, and a clear error for
 * shapes the kernel does not take.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { wasmAndCpu } from '../test/parity';
import { backendMemory, compile, type WasmHeap } from './heap';
import { partition, type Segment, WgradKernel } from './wgrad-kernel';
import { WGRAD_WASM } from './wgrad-wasm';

// The pool is what these tests test, so they need the threaded build (shared memory) whatever
// GENMODELS_THREADS the run sets, e.g. 1 beside a training job: this file runs in its own process.
before(async () => {
  process.env.GENMODELS_THREADS = '2';
  await wasmAndCpu();
});

/** Kernels over the active wasm backend's memory, on `threads` threads. */
function kernelOn(threads: number): WgradKernel {
  const memory = backendMemory(tf.backend())!;
  assert.ok(memory, 'the wasm backend memory is reachable');
  return new WgradKernel(compile(WGRAD_WASM, memory), memory, threads);
}

/** a [R, C] and b [R, O] as one segment of lines of J rows (R = N·J), plus out [C, O] zeroed. */
function job(R: number, J: number, C: number, O: number, seed: number) {
  const a = tf.randomNormal([R, C], 0, 1, 'float32', seed),
    b = tf.randomNormal([R, O], 0, 1, 'float32', seed + 1);
  const out = tf.zeros([C, O]);
  const heap = tf.backend() as unknown as WasmHeap;
  const [A, B, W] = [a, b, out].map((t) => heap.getMemoryOffset(t.dataId));
  const segment: Segment = { a: A, b: B, out: W, N: R / J, J, aLine: 4 * J * C, bLine: 4 * J * O };
  return { a, b, out, segment, heap };
}

/** Σ_r a[r, c] b[r, o] in float64. */
function reference(a: Float32Array, b: Float32Array, R: number, C: number, O: number): Float64Array {
  const want = new Float64Array(C * O);
  for (let r = 0; r < R; r++)
    for (let c = 0; c < C; c++) for (let o = 0; o < O; o++) want[c * O + o] += a[r * C + c] * b[r * O + o];
  return want;
}

test('wgrad is Σ over rows of outer products (float64 reference), and the same bits on 1, 2 and 3 threads', async () => {
  await tf.setBackend('wasm');
  const [R, J, C, O] = [96, 8, 12, 24];
  const { a, b, out, segment, heap } = job(R, J, C, O, 1);
  const want = reference(a.dataSync() as Float32Array, b.dataSync() as Float32Array, R, C, O);
  const results: Float32Array[] = [];
  for (const threads of [1, 2, 3]) {
    heap.typedArrayFromHeap(out).fill(0);
    kernelOn(threads).run(C, O, [segment]);
    results.push(Float32Array.from(out.dataSync()));
  }
  const pool = kernelOn(3);
  for (const threads of [1, 2]) {
    // a job may use fewer threads than the pool has (small products run on the caller alone)
    heap.typedArrayFromHeap(out).fill(0);
    pool.run(C, O, [segment], threads);
    results.push(Float32Array.from(out.dataSync()));
  }
  results[0].forEach((v, i) =>
    assert.ok(Math.abs(v - want[i]) <= 1e-4 * (1 + Math.abs(want[i])), `[${i}] ${v} vs ${want[i]}`),
  );
  for (const r of results.slice(1)) assert.deepEqual(r, results[0]);
  tf.dispose([a, b, out]);
});

test("conv is one tap's Σ_j a[n, p, j]·b[j, o] per output line (float64 reference), the same bits on 1, 2 and 3 threads", async () => {
  await tf.setBackend('wasm');
  // 3 groups (images) of 2 segments (taps) each: lines n < 5 of P = 8 pixels, J = 12 channels, O = 16
  const [G, N, P, J, O, Wa] = [3, 5, 8, 12, 16, 10]; // a: [G, N + 1, Wa, J] (a wider, taller input), two taps
  const a = tf.randomNormal([G, N + 1, Wa, J], 0, 1, 'float32', 7),
    f = tf.randomNormal([2, J, O], 0, 1, 'float32', 8);
  const out = tf.zeros([G, N, P, O]);
  const heap = tf.backend() as unknown as WasmHeap;
  const [A, F, Y] = [a, f, out].map((t) => heap.getMemoryOffset(t.dataId));
  const taps: [number, number][] = [
    [0, 2],
    [1, 0],
  ]; // (row, column) shifts
  const groups = Array.from({ length: G }, (_, g) =>
    taps.map(([u, v], t) => ({
      a: A + 4 * ((g * (N + 1) + u) * Wa + v) * J,
      b: F + 4 * t * J * O,
      out: Y + 4 * g * N * P * O,
      N,
      J,
      aLine: 4 * Wa * J,
      bLine: 0,
      outLine: 4 * P * O,
      pStep: 4 * J,
    })),
  );
  const [av, fv] = [a.dataSync(), f.dataSync()];
  const want = new Float64Array(G * N * P * O);
  for (let g = 0; g < G; g++)
    for (let n = 0; n < N; n++)
      for (let p = 0; p < P; p++)
        for (let o = 0; o < O; o++) {
          for (const [t, [u, v]] of taps.entries())
            for (let j = 0; j < J; j++) {
              want[((g * N + n) * P + p) * O + o] +=
                av[((g * (N + 1) + n + u) * Wa + p + v) * J + j] * fv[(t * J + j) * O + o];
            }
        }
  const results: Float32Array[] = [];
  for (const threads of [1, 2, 3]) {
    heap.typedArrayFromHeap(out).fill(0);
    kernelOn(threads).conv(P, O, groups);
    results.push(Float32Array.from(out.dataSync()));
  }
  results[0].forEach((v, i) =>
    assert.ok(Math.abs(v - want[i]) <= 1e-4 * (1 + Math.abs(want[i])), `[${i}] ${v} vs ${want[i]}`),
  );
  assert.deepEqual(results[1], results[0]);
  assert.deepEqual(results[2], results[0]);
  assert.throws(() => kernelOn(2).conv(6, O, groups), /P a multiple of 4 and O of 8; got P 6/);
  tf.dispose([a, f, out]);
});

test('wgrad accumulates into out, and runs jobs longer than the control array in chunks', async () => {
  await tf.setBackend('wasm');
  const [R, C, O] = [5000, 4, 8];
  const { a, b, out, segment, heap } = job(R, 1, C, O, 3);
  const want = reference(a.dataSync() as Float32Array, b.dataSync() as Float32Array, R, C, O);
  heap.typedArrayFromHeap(out).fill(1);
  // one segment per row: 5000 segments, more than the 4096 one dispatch holds
  const rows = Array.from({ length: R }, (_, r): Segment => ({
    ...segment,
    a: segment.a + 4 * r * C,
    b: segment.b + 4 * r * O,
    N: 1,
  }));
  kernelOn(2).run(C, O, rows);
  out
    .dataSync()
    .forEach((v, i) =>
      assert.ok(Math.abs(v - (1 + want[i])) <= 1e-3 * (1 + Math.abs(want[i])), `[${i}] ${v} vs ${1 + want[i]}`),
    );
  tf.dispose([a, b, out]);
});

test('the output is cut into whole 4-row blocks, else 8-column blocks, else left to the caller', () => {
  assert.deepEqual(partition(64, 64, 2), [
    [0, 32, 0, 64],
    [32, 64, 0, 64],
  ]);
  assert.deepEqual(partition(12, 64, 2), [
    [0, 4, 0, 64],
    [4, 12, 0, 64],
  ]);
  assert.deepEqual(partition(4, 24, 2), [
    [0, 4, 0, 8],
    [0, 4, 8, 24],
  ]);
  assert.deepEqual(partition(4, 8, 2), [
    [0, 0, 0, 0],
    [0, 4, 0, 8],
  ]);
  assert.deepEqual(partition(64, 64, 1), [[0, 64, 0, 64]]);
});

test('a worker that fails between jobs leaves the kernel on one thread, with the same results', async () => {
  await tf.setBackend('wasm');
  const [R, J, C, O] = [64, 8, 8, 16];
  const { a, b, out, segment, heap } = job(R, J, C, O, 5);
  const kernel = kernelOn(2);
  assert.equal(kernel.threads, 2, 'a pool of 2 threads over the shared memory');
  kernel.run(C, O, [segment]);
  const twoThreads = Float32Array.from(out.dataSync());
  const warn = console.warn;
  const warnings: string[] = [];
  console.warn = (m: string) => warnings.push(m);
  try {
    (kernel as unknown as { workers: { emit(e: string, err: Error): void }[] }).workers[0].emit(
      'error',
      new Error('boom'),
    );
    heap.typedArrayFromHeap(out).fill(0);
    kernel.run(C, O, [segment]);
  } finally {
    console.warn = warn;
  }
  assert.equal(kernel.threads, 1);
  assert.match(warnings.join('\n'), /a wgrad worker failed \(boom\); weight gradients continue on one thread/);
  assert.deepEqual(Float32Array.from(out.dataSync()), twoThreads);
  tf.dispose([a, b, out]);
});

test('shapes the kernel does not take are a clear error', async () => {
  await tf.setBackend('wasm');
  assert.throws(() => kernelOn(1).run(6, 8, []), /C a multiple of 4 and O of 8; got C 6, O 8/);
});
