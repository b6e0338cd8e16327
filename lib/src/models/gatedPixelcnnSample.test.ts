import { test } from '../../../test/helpers/backends';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { GatedPixelCNN } from './gatedPixelcnn';
import { cachedLogits, sampleCached } from './gatedPixelcnnSample';
import { sampleNaive } from './pixelcnnSample';
import { expectNoLeak, values } from '../../../test/helpers/models';

/** n seeded binary images [n, d]. */
function binary(n: number, d: number, seed: number): tf.Tensor2D {
  return tf.tidy(
    () => tf.cast(tf.less(tf.randomUniform([n, d], 0, 1, 'float32', seed), 0.5), 'float32') as tf.Tensor2D,
  );
}

// two shapes of network: a wide first layer with one block, and a 3×3 first layer with three blocks (m = 1 windows everywhere)
const ARCHS = [
  { inputDim: 81, channels: 4, blocks: 1, firstKernel: 5 },
  { inputDim: 64, channels: 3, blocks: 3, firstKernel: 3 },
];

for (const arch of ARCHS) {
  for (const numClasses of [0, 3]) {
    const name = `first ${arch.firstKernel}×${arch.firstKernel}, ${arch.blocks} block(s)${numClasses ? ', class-conditional' : ''}`;

    test(`teacher-forced, the cache's logits equal the full pass bit for bit (${name})`, async () => {
      const model = new GatedPixelCNN({ ...arch, numClasses, seed: 4 });
      const x = binary(3, arch.inputDim, 7);
      const c = numClasses ? model.oneHot([2, 0, 1]) : undefined;
      const cached = await expectNoLeak(() => cachedLogits(model, x, c), 1);
      assert.deepEqual(values(cached), values(model.logits(x, c)));
      tf.dispose([x, c]);
      model.dispose();
    });

    test(`cached sampling draws the naive sampler's images bit for bit, without a leak (${name})`, async () => {
      const model = new GatedPixelCNN({ ...arch, numClasses, seed: 5 });
      const options = { seed: 11, ...(numClasses ? { class: [2, 1, 0] } : {}) };
      const cached = values(await expectNoLeak(() => sampleCached(model, 3, options), 1));
      assert.deepEqual(cached, values(await sampleNaive(model, 3, options)));
      const ones = cached.reduce((s, v) => s + v, 0);
      assert.ok(
        ones > 0.05 * cached.length && ones < 0.95 * cached.length,
        `not all 0 or all 1: ${ones} of ${cached.length}`,
      );
      model.dispose();
    });
  }
}

test('progress reaches D; a class out of range fails before any work', async () => {
  const model = new GatedPixelCNN({ inputDim: 16, channels: 2, blocks: 1, firstKernel: 3, numClasses: 2, seed: 1 });
  let last = 0;
  tf.dispose(await sampleCached(model, 2, { seed: 1, onProgress: (done) => (last = done) }));
  assert.equal(last, 16);
  await assert.rejects(() => sampleCached(model, 1, { seed: 1, class: 5 }), /class 5 is out of range/);
  model.dispose();
});
