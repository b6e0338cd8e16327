/**
 * Identity and same-dtype Cast on wasm share their input's data: the values are the input's, the
 * result outlives the input, a FusedAdam update of a variable leaves an earlier clone of it intact
 * (the in-place write needs a reference count of 1), and casts to another dtype convert as on cpu.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { wasmAndCpu } from '../test/parity';
import { registered } from './kernels';

before(wasmAndCpu);

const refCount = (t: tf.Tensor) => (tf.backend() as unknown as { refCount(id: object): number }).refCount(t.dataId);

test('Identity and Cast are genmodels kernels on wasm', () => {
  assert.ok(registered.has('Identity') && registered.has('Cast'));
});

test('clone and a same-dtype cast share the data, and outlive their input', async () => {
  await tf.setBackend('wasm');
  const x = tf.tensor1d([1.5, -2, 3]);
  const c = tf.clone(x),
    k = tf.cast(x, 'float32');
  assert.equal(refCount(x), 3);
  x.dispose();
  assert.deepEqual(Array.from(c.dataSync()), [1.5, -2, 3]);
  assert.deepEqual(Array.from(k.dataSync()), [1.5, -2, 3]);
  tf.dispose([c, k]);
});

test('casts to another dtype convert as on cpu (bool: x ≠ 0)', async () => {
  for (const backend of ['wasm', 'cpu']) {
    await tf.setBackend(backend);
    tf.tidy(() => {
      const x = tf.tensor1d([1.7, -2.2, 0, 300]);
      const ints = tf.cast(x, 'int32'),
        bools = tf.cast(x, 'bool'),
        back = tf.cast(bools, 'float32');
      assert.deepEqual([ints.dtype, bools.dtype], ['int32', 'bool']);
      assert.deepEqual(Array.from(ints.dataSync()), [1, -2, 0, 300], backend);
      assert.deepEqual(Array.from(bools.dataSync()), [1, 1, 0, 1], backend);
      assert.deepEqual(Array.from(tf.cast(tf.tensor1d([-3, 0], 'int32'), 'bool').dataSync()), [1, 0], backend);
      assert.deepEqual(Array.from(back.dataSync()), [1, 1, 0, 1], backend);
    });
  }
  await tf.setBackend('wasm');
});
