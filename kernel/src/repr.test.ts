import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { encodeBundle, REPR_MIMEBUNDLE, toMimeBundle } from './repr';

test('a value with the repr symbol shows its (awaited) bundle, with text/plain filled in', async () => {
  const v = { [REPR_MIMEBUNDLE]: async () => ({ 'image/svg+xml': '<svg/>' }) };
  const b = await toMimeBundle(v);
  assert.equal(b?.['image/svg+xml'], '<svg/>');
  assert.equal(typeof b?.['text/plain'], 'string');
});

test('undefined and null show nothing; other values show as inspect text', async () => {
  assert.equal(await toMimeBundle(undefined), null);
  assert.equal(await toMimeBundle(null), null);
  assert.deepEqual(await toMimeBundle({ a: [1, 2] }), { 'text/plain': '{ a: [ 1, 2 ] }' });
});

test('a tensor shows dtype, shape, size and elided values, not its object dump', async () => {
  const t = tf.zeros([3, 50, 50], 'int32');
  const text = (await toMimeBundle(t))?.['text/plain'] as string;
  assert.equal(text.split('\n')[0], 'Tensor int32 [3, 50, 50], 7500 values');
  assert.match(text, /\.\.\./);
  assert.ok(text.split('\n').length <= 26 && !/dataId|kept/.test(text));
  t.dispose();
  assert.equal((await toMimeBundle(t))?.['text/plain'], 'Tensor int32 [3, 50, 50] (disposed)');
});

test('binary data is sent base64-encoded', () => {
  assert.deepEqual(encodeBundle({ 'image/png': new Uint8Array([1, 2, 3]), 'text/plain': 'p' }), {
    'image/png': 'AQID',
    'text/plain': 'p',
  });
});

test('an image-shaped tensor also shows as a PNG, enlarged; a matrix does not', async () => {
  const { PNG } = await import('pngjs');
  const img = tf.tidy(() => tf.linspace(0, 1, 28 * 28).reshape([28, 28, 1]));
  const bundle = await toMimeBundle(img);
  const png = PNG.sync.read(Buffer.from(bundle?.['image/png'] as Uint8Array));
  assert.deepEqual([png.width, png.height], [112, 112]);
  assert.deepEqual([...png.data.subarray(0, 4)], [0, 0, 0, 255], 'the first pixel is black');
  assert.equal(png.data[png.data.length - 4], 255, 'the last pixel is white');
  const matrix = tf.ones([28, 28]);
  const outOfRange = tf.fill([28, 28, 1], 3);
  assert.equal((await toMimeBundle(matrix))?.['image/png'], undefined);
  assert.equal((await toMimeBundle(outOfRange))?.['image/png'], undefined);
  tf.dispose([img, matrix, outOfRange]);
});
