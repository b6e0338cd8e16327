/**
 * Kernel replacement through TF.js's public registry: the replacement runs, can call the stock
 * kernel, registers once, and intermediates it makes are freed (the backend's data count is flat).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { wasmAndCpu } from '../test/parity';
import { free, registered, registerWasmKernel, run } from './kernels';

before(wasmAndCpu);

test('a replaced wasm kernel runs in place of the stock one, which it can still call; registering twice is a no-op', async () => {
  await tf.setBackend('wasm');
  let calls = 0;
  registerWasmKernel('Neg', ({ inputs, attrs, stock }) => (calls++, stock!(inputs, attrs)));
  registerWasmKernel('Neg', () => assert.fail('the second registration must be ignored'));
  assert.ok(registered.has('Neg'));
  const y = tf.neg(tf.tensor1d([1, -2, 3]));
  assert.deepEqual(Array.from(y.dataSync()), [-1, 2, -3]);
  assert.equal(calls, 1);
});

test('a composite kernel frees its intermediates: only its output stays allocated', async () => {
  await tf.setBackend('wasm');
  // |x|² as Square(Abs(x)): Abs's output is an intermediate the kernel must free.
  registerWasmKernel('GenmodelsTestAbsSquare', ({ inputs, backend }) => {
    const abs = run(backend, 'Abs', { x: inputs.x });
    const out = run(backend, 'Square', { x: abs });
    free(backend, abs);
    return out;
  });
  const x = tf.tensor1d([-3, 4]);
  const before = tf.backend().numDataIds();
  const y = tf.engine().runKernel('GenmodelsTestAbsSquare', { x }) as tf.Tensor;
  assert.deepEqual(Array.from(y.dataSync()), [9, 16]);
  assert.equal(tf.backend().numDataIds(), before + 1, 'just the output');
  tf.dispose([x, y]);
});
