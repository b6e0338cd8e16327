import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Classifier } from '../models/classifier';
import { buildModel } from '../models/registry';
import { MODEL_KINDS } from '../models/types';
import { VAE } from '../models/vae';
import { loadCheckpoint, restoreWeights, saveCheckpoint } from './checkpoint';
import { fit } from './fit';
import { CheckpointError } from './fs-handler';
import { uniform, useCpu, values } from '../../../test/helpers/models';

const root = mkdtempSync(join(tmpdir(), 'genmodels-checkpoint-'));
let n = 0;
const freshDir = () => join(root, `ck${n++}`);
before(useCpu);
after(() => rmSync(root, { recursive: true, force: true }));

const tiny = { inputDim: 9, hidden: [6], latentDim: 2, numClasses: 3, seed: 4 }; // inputDim square, so PixelCNN takes it too

for (const kind of MODEL_KINDS) {
  test(`save/load round trip gives identical outputs (${kind})`, async () => {
    const model = buildModel(kind, tiny);
    const x = uniform(4, 9, 1);
    const c = tf.oneHot(tf.tensor1d([0, 1, 2, 0], 'int32'), 3).toFloat() as tf.Tensor2D;
    await fit(model, { x, c }, { epochs: 1, batchSize: 2 }); // weights away from their initial values
    const dir = freshDir();
    await saveCheckpoint(model, dir, { seed: 4, command: 'test', data: { dataset: 'uniform' } });
    assert.deepEqual(readdirSync(dir).sort(), ['model.json', 'weights.bin'], 'no temporary files left behind');
    const { model: loaded, info } = await loadCheckpoint(dir);
    assert.deepEqual([loaded.kind, loaded.config], [model.kind, model.config]);
    const output = (m: typeof model) => (m instanceof Classifier ? m.logits(x) : m.reconstruct(x, c)); // a classifier has no x̂
    assert.deepEqual(values(output(loaded)), values(output(model)));
    assert.deepEqual([info.seed, info.command, info.data], [4, 'test', { dataset: 'uniform' }]);
    [model, loaded].forEach((m) => m.dispose());
  });
}

test('the files are TF.js format: model.json with a weights manifest, and raw float32 weights', async () => {
  const vae = new VAE(tiny);
  const dir = freshDir();
  await saveCheckpoint(vae, dir);
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  assert.deepEqual(json.weightsManifest[0].paths, ['weights.bin']);
  const floats = json.weightsManifest[0].weights.reduce(
    (s: number, w: { shape: number[] }) => s + w.shape.reduce((a, b) => a * b, 1),
    0,
  );
  assert.equal(floats, vae.params.count());
  assert.equal(statSync(join(dir, 'weights.bin')).size, 4 * floats);
  vae.dispose();
});

test('a truncated checkpoint is a CheckpointError that says so', async () => {
  const vae = new VAE(tiny);
  const dir = freshDir();
  await saveCheckpoint(vae, dir);
  truncateSync(join(dir, 'weights.bin'), 100);
  await assert.rejects(
    loadCheckpoint(dir),
    (e: Error) => e instanceof CheckpointError && /weights\.bin has 100 bytes.*truncated/.test(e.message),
  );
  writeFileSync(join(dir, 'model.json'), '{"modelTopology": {"kind": "va');
  await assert.rejects(
    loadCheckpoint(dir),
    (e: Error) => e instanceof CheckpointError && /not valid JSON/.test(e.message),
  );
  await assert.rejects(
    loadCheckpoint(join(root, 'nowhere')),
    (e: Error) => e instanceof CheckpointError && /No checkpoint at/.test(e.message),
  );
  vae.dispose();
});

test('loading into a different architecture names what differs', async () => {
  const dir = freshDir();
  const saved = new VAE(tiny);
  await saveCheckpoint(saved, dir);
  const wider = new VAE({ ...tiny, latentDim: 3 });
  await assert.rejects(
    restoreWeights(wider, dir),
    (e: Error) =>
      e instanceof CheckpointError &&
      /encoder\/1\/W is \[6,4\] in the checkpoint but \[6,6\] in the model/.test(e.message),
  );
  const ae = buildModel('ae', tiny);
  await assert.rejects(restoreWeights(ae, dir), /holds a "vae" model, not a "ae"/);
  const same = new VAE({ ...tiny, seed: 99 });
  await restoreWeights(same, dir);
  assert.deepEqual(same.params.list().map(values), saved.params.list().map(values));
  [saved, wider, ae, same].forEach((m) => m.dispose());
});

test('resuming from a checkpoint continues exactly where training stopped', async () => {
  const data = { x: uniform(40, 9, 7) };
  const options = { batchSize: 10, seed: 3, learningRate: 0.01 };
  const straight = new VAE(tiny);
  await fit(straight, data, { ...options, epochs: 4 });

  const first = new VAE(tiny);
  const optimizer = tf.train.adam(0.01);
  const history = await fit(first, data, { ...options, epochs: 2, optimizer });
  const dir = freshDir();
  await saveCheckpoint(first, dir, { history }, optimizer);
  const resumed = await loadCheckpoint(dir);
  const rest = await fit(resumed.model, data, {
    ...options,
    epochs: 4,
    optimizer: resumed.optimizer,
    history: resumed.info.history,
  });
  assert.equal(rest.epochs.length, 4);
  assert.equal(rest.globalStep, 16);
  assert.deepEqual(
    resumed.model.params.list().map(values),
    straight.params.list().map(values),
    'exactly the same weights',
  );
  [straight, first, resumed.model].forEach((m) => m.dispose());
  optimizer.dispose();
  resumed.optimizer?.dispose();
});

test("Adam's state survives the round trip exactly: step count, moments and bias-correction powers", async () => {
  const vae = new VAE(tiny);
  const optimizer = tf.train.adam(0.01);
  await fit(vae, { x: uniform(10, 9, 2) }, { epochs: 60, batchSize: 10, optimizer }); // 60 steps: pow(β₂, 61) ≠ the float32 product
  const dir = freshDir();
  await saveCheckpoint(vae, dir, {}, optimizer);
  const loaded = await loadCheckpoint(dir);
  const state = async (o: tf.Optimizer) => {
    const { accBeta1, accBeta2 } = o as unknown as Record<'accBeta1' | 'accBeta2', tf.Variable>;
    const weights = await o.getWeights();
    const out = { powers: [accBeta1, accBeta2].map(values), weights: weights.map((w) => values(w.tensor)) };
    weights[0].tensor.dispose(); // the step count, made by getWeights
    return out;
  };
  const [before, after] = [await state(optimizer), await state(loaded.optimizer!)];
  assert.deepEqual(before.weights[0], [60]);
  assert.deepEqual(after, before);
  const recomputed = tf.tidy(() => values(tf.pow(tf.scalar(0.999), 61)));
  assert.notDeepEqual(recomputed, before.powers[1], 'otherwise this test could not tell saved from recomputed powers');
  [vae, loaded.model, optimizer, loaded.optimizer!].forEach((x) => x.dispose());
});

test("quantize: 'uint16' halves weights.bin, loads through loadCheckpoint, and stays within the quantization bound", async () => {
  const model = new VAE({ inputDim: 9, hidden: [6], latentDim: 2, seed: 8 });
  const [full, half] = [freshDir(), freshDir()];
  await saveCheckpoint(model, full);
  await saveCheckpoint(model, half, {}, undefined, { quantize: 'uint16' });
  assert.equal(statSync(join(half, 'weights.bin')).size * 2, statSync(join(full, 'weights.bin')).size);
  const { model: loaded } = await loadCheckpoint(half);
  for (const [name, v] of model.params.variables) {
    const [w, wHat] = [values(v), values(loaded.params.variables.get(name)!)];
    const bound = (Math.max(...w) - Math.min(...w)) / 131070 + 1e-7;
    w.forEach((x, i) => assert.ok(Math.abs(wHat[i] - x) <= bound, `${name}[${i}]: ${wHat[i]} vs ${x}`));
  }
  await assert.rejects(saveCheckpoint(model, freshDir(), {}, tf.train.adam(), { quantize: 'uint16' }), /weights only/);
  [model, loaded].forEach((m) => m.dispose());
});
