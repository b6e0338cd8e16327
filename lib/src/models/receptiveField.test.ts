import { test } from '../../../test/helpers/backends';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { causalMask, type MaskType } from './maskedConv';
import { PixelCNN } from './pixelcnn';
import { maskedStack, receptiveField } from './receptiveField';
import { expectNoLeak } from '../../../test/helpers/models';

/** The structural field: pixel + every sum of one unmasked offset per layer, clipped to the image. */
function analyticField(
  layers: { kernelSize: number; maskType: MaskType }[],
  side: number,
  [row, col]: [number, number],
): boolean[][] {
  let reached = new Set([`${row},${col}`]);
  for (const { kernelSize: k, maskType } of [...layers].reverse()) {
    const m = Math.floor(k / 2);
    const next = new Set<string>();
    for (const key of reached) {
      const [y, x] = key.split(',').map(Number);
      causalMask(k, maskType).forEach((maskRow, a) =>
        maskRow.forEach((on, b) => {
          const [yy, xx] = [y + a - m, x + b - m];
          if (on && yy >= 0 && yy < side && xx >= 0 && xx < side) next.add(`${yy},${xx}`);
        }),
      );
    }
    reached = next;
  }
  return Array.from({ length: side }, (_, y) => Array.from({ length: side }, (_, x) => reached.has(`${y},${x}`)));
}

test('the gradient field of a stacked 3×3 masked conv is the structural field, blind spot included', async () => {
  const layers = [
    { kernelSize: 3, maskType: 'A' as const },
    { kernelSize: 3, maskType: 'B' as const },
    { kernelSize: 3, maskType: 'B' as const },
  ];
  const [side, row, col] = [9, 6, 4];
  const field = await expectNoLeak(() =>
    receptiveField(maskedStack(layers), { height: side, width: side }, [row, col]),
  );
  assert.deepEqual(
    field.map((r) => r.map((v) => v > 0)),
    analyticField(layers, side, [row, col]),
  );
  assert.equal(field[row - 1][col + 2], 0, 'the blind spot: up one row, right two, though it precedes the pixel');
  assert.ok(
    field[row - 2][col + 2] > 0 && field[row][col - 3] > 0,
    'two rows up the field reaches further right; three to the left on the row',
  );
  assert.equal(field[row][col], 0, 'mask A: the pixel itself is not seen');
});

test('the field grows by one pixel per 3×3 layer', () => {
  const rows = [1, 2, 3, 4].map((depth) => {
    const layers = [
      { kernelSize: 3, maskType: 'A' as const },
      ...Array.from({ length: depth - 1 }, () => ({ kernelSize: 3, maskType: 'B' as const })),
    ];
    const field = receptiveField(maskedStack(layers), { height: 11, width: 11 }, [8, 5]);
    return field.reduce((top, r, y) => (r.some((v) => v > 0) ? Math.min(top, y) : top), 11);
  });
  assert.deepEqual(rows, [7, 6, 5, 4]);
});

test('a PixelCNN logit reads no pixel at or after its own, and does read its neighbours before it', () => {
  const model = new PixelCNN({ inputDim: 100, channels: 6, blocks: 2, firstKernel: 5, seed: 3 });
  const [row, col] = [5, 5];
  const input = tf.tidy(
    () => tf.cast(tf.less(tf.randomUniform([1, 10, 10, 1], 0, 1, 'float32', 2), 0.5), 'float32') as tf.Tensor4D,
  );
  const field = receptiveField((x) => model.logitsImage(x), { height: 10, width: 10 }, [row, col], input);
  field.forEach((r, y) =>
    r.forEach((v, x) => y * 10 + x >= row * 10 + col && assert.equal(v, 0, `pixel (${y}, ${x})`)),
  );
  assert.ok(field[row][col - 1] > 0 && field[row - 1][col] > 0);
  assert.throws(
    () => receptiveField((x) => model.logitsImage(x), { height: 10, width: 10 }, [10, 0]),
    /outside the 10 × 10 image/,
  );
  model.dispose();
});
