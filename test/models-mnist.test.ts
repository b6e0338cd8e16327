/**
 * One quick epoch on a slice of real MNIST lowers the held-out loss (the project's backend, small
 * networks, so it stays a few seconds).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, evaluateLoss, fit, initBackend, loadDataset, subset, type ImageSet } from '../lib/src/index';

let train: ImageSet;
let heldOut: ImageSet;
before(async () => {
  await initBackend({ verbose: false });
  train = subset(await loadDataset('mnist', 'train'), 1500);
  heldOut = subset(await loadDataset('mnist', 'test'), 300);
});

for (const kind of ['ae', 'vae'] as const) {
  test(`one epoch on 1500 MNIST images lowers the held-out loss (${kind})`, async () => {
    const model = buildModel(kind, { hidden: [64], latentDim: 8, seed: 1 });
    const options = { binarize: 'stochastic' as const, seed: 2 };
    const before = await evaluateLoss(model, heldOut, options);
    await fit(model, train, { epochs: 1, batchSize: 64, binarize: 'dynamic', seed: 3 });
    const after = await evaluateLoss(model, heldOut, options);
    assert.ok(after.total < 0.8 * before.total, `held-out loss ${before.total.toFixed(1)} → ${after.total.toFixed(1)}`);
    model.dispose();
  });
}
