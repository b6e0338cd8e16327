import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { encodeWeightsUint16, quantizeUint16 } from './quantize';
import { useCpu } from '../../../test/helpers/models';

before(useCpu);

test('codes span 0…65535 and decode within (max − min) / 131070 of every value', () => {
  const w = tf.randomNormal([300, 7], 0, 0.2, 'float32', 1);
  const values = w.dataSync() as Float32Array;
  const { q, min, scale } = quantizeUint16(values);
  assert.deepEqual([Math.min(...q), Math.max(...q)], [0, 65535]);
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  const bound = (hi - lo) / 131070;
  const worst = Math.max(...Array.from(values, (v, i) => Math.abs(q[i] * scale + min - v)));
  assert.ok(worst <= bound * (1 + 1e-4), `max error ${worst} > ${bound}`);
  assert.ok(worst > bound / 4, `max error ${worst}: 16-bit codes should err by about the bound`);
  w.dispose();
});

test('tf.io.decodeWeights reads the uint16 encoding back; constant tensors are exact', () => {
  const a = tf.tensor2d([
    [0.5, -1.25],
    [3, 0.125],
  ]);
  const b = tf.fill([5], 0.75);
  const { data, specs } = encodeWeightsUint16([
    { name: 'a', tensor: a },
    { name: 'b', tensor: b },
  ]);
  assert.equal(data.byteLength, (4 + 5) * 2);
  const decoded = tf.io.decodeWeights(data, specs);
  const scale = (3 - -1.25) / 65535;
  Array.from(decoded.a.dataSync()).forEach((v, i) =>
    assert.ok(Math.abs(v - a.dataSync()[i]) <= scale / 2 + 1e-7, `a[${i}] ${v}`),
  );
  assert.deepEqual(Array.from(decoded.b.dataSync()), [0.75, 0.75, 0.75, 0.75, 0.75]);
  assert.deepEqual(decoded.a.shape, [2, 2]);
  tf.dispose([a, b, ...Object.values(decoded)]);
});
