import { test } from '../../../test/helpers/backends';
import assert from 'node:assert/strict';
import { buildModel, isModelKind, isPixelCNN } from './registry';
import { MODEL_KINDS, type ModelKind } from './types';

test('every kind builds the model of that kind with its defaults filled in', () => {
  for (const kind of MODEL_KINDS) {
    const model = buildModel(kind, { latentDim: 3, seed: 7 });
    assert.equal(model.kind, kind);
    assert.deepEqual(
      [model.config.inputDim, model.config.seed, model.config.latentDim],
      [784, 7, kind === 'pixelcnn' || kind === 'gated-pixelcnn' || kind === 'classifier' ? undefined : 3],
    ); // PixelCNNs and the classifier have no latent
    model.dispose();
  }
  assert.ok(isModelKind('cvae') && isModelKind('gated-pixelcnn') && !isModelKind('gan'));
  assert.deepEqual(
    MODEL_KINDS.filter((kind) => {
      const model = buildModel(kind, { inputDim: 16, seed: 1 });
      const is = isPixelCNN(model);
      model.dispose();
      return is;
    }),
    ['pixelcnn', 'gated-pixelcnn'],
  );
  assert.throws(() => buildModel('gan' as ModelKind), /Unknown model kind "gan". Known: ae, dae, vae, cvae/);
});
