/**
 * FusedAdam against tf.train.adam: the same weights and optimizer state over several steps of a
 * small net (a matmul, so a stale packed weight would show), on wasm (where the fused update runs)
 * and against the cpu backend's tf.train.adam; state moving between the two through
 * getWeights/setWeights and checkpoints; buffers shared with other tensors left alone; no leaks.
 * Tolerances: wasm vs wasm |Δ| ≤ 1e-7 + 1e-6·|ref| (each operation is rounded to float32 as the
 * tf kernels round it); vs cpu |Δ| ≤ 1e-5 + 1e-4·|ref| (the forward/backward kernels differ).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf } from '../index';
import { wasmAndCpu } from '../../../test/helpers/parity';
import { VAE } from '../models/vae';
import { adam, FusedAdam } from './adam';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';
import { fit } from './fit';

const root = mkdtempSync(join(tmpdir(), 'genmodels-adam-'));
before(wasmAndCpu);
after(() => rmSync(root, { recursive: true, force: true }));

const randn = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

/** A net L = Σ tanh(X·W + b) ⊙ R with its variables; X [8, 5], W [5, 3], b [3]. */
function net(id: string) {
  const W = tf.variable(randn([5, 3], 1), true, `${id}/W`),
    b = tf.variable(randn([3], 2), true, `${id}/b`);
  const X = randn([8, 5], 3),
    R = randn([8, 3], 4);
  const loss = () =>
    tf.tidy(
      () =>
        tf
          .tanh(tf.add(tf.matMul(X, W), b))
          .mul(R)
          .sum() as tf.Scalar,
    );
  return { vars: [W, b], loss, dispose: () => tf.dispose([W, b, X, R]) };
}

/** Run `steps` Adam steps with `optimizer`; return the weights, then the optimizer's state, as arrays. */
async function train(optimizer: tf.Optimizer, steps: number, id: string) {
  const { vars, loss, dispose } = net(id);
  for (let t = 0; t < steps; t++) {
    const { value, grads } = tf.variableGrads(loss, vars);
    optimizer.applyGradients(grads);
    tf.dispose([value, ...Object.values(grads)]);
  }
  const state = await optimizer.getWeights();
  const out = [...vars.map((v) => v.dataSync()), ...state.map((s) => s.tensor.dataSync())] as Float32Array[];
  state[0].tensor.dispose(); // the iteration count, made by getWeights
  dispose();
  return { out, names: state.map((s) => s.name.replace(/^net\d+/, '')) }; // 'iter', then '/W/m', …
}

function assertClose(label: string, ours: Float32Array[], ref: Float32Array[], rtol: number, atol: number) {
  assert.equal(ours.length, ref.length, `${label}: number of arrays`);
  ours.forEach((o, k) =>
    o.forEach((x, i) => {
      const err = Math.abs(x - ref[k][i]);
      if (!(err <= atol + rtol * Math.abs(ref[k][i])))
        assert.fail(`${label} array ${k}[${i}]: ${x} vs ${ref[k][i]} (|Δ| ${err.toExponential(2)})`);
    }),
  );
}

let ids = 0;
const run = async (backend: 'wasm' | 'cpu', make: () => tf.Optimizer, steps = 6) => {
  await tf.setBackend(backend);
  const optimizer = make();
  const result = await train(optimizer, steps, `net${ids++}`);
  optimizer.dispose();
  await tf.setBackend('wasm');
  return result;
};

test('adam() makes a tf.AdamOptimizer named Adam with tf.train.adam config', () => {
  const ours = adam(0.01, 0.8, 0.99),
    ref = tf.train.adam(0.01, 0.8, 0.99);
  assert.ok(ours instanceof tf.AdamOptimizer && ours instanceof FusedAdam);
  assert.equal(ours.getClassName(), 'Adam');
  assert.deepEqual(ours.getConfig(), ref.getConfig());
  [ours, ref].forEach((o) => o.dispose());
});

test('on wasm the update is fused (no Sqrt/RealDiv kernels); on cpu it is tf.train.adam', async () => {
  for (const backend of ['wasm', 'cpu'] as const) {
    await tf.setBackend(backend);
    const optimizer: tf.Optimizer = adam(0.05);
    const { vars, loss, dispose } = net(`which-${backend}`);
    const { grads } = tf.variableGrads(loss, vars);
    const { kernels } = await tf.profile(() => optimizer.applyGradients(grads) as unknown as tf.Tensor);
    const stock = kernels.filter((k) => k.name === 'Sqrt' || k.name === 'RealDiv').length;
    assert.equal(stock > 0, backend === 'cpu', `${backend}: ${stock} Sqrt/RealDiv kernels`);
    tf.dispose(Object.values(grads));
    optimizer.dispose();
    dispose();
  }
  await tf.setBackend('wasm');
});

test('on wasm, six fused steps give tf.train.adam weights and state (m, v, iterations)', async () => {
  const ref = await run('wasm', () => tf.train.adam(0.05));
  const ours = await run('wasm', () => adam(0.05));
  assert.deepEqual(ours.names, ref.names);
  assert.deepEqual(ours.names, ['iter', '/W/m', '/b/m', '/W/v', '/b/v']);
  assertClose('fused vs tf.train.adam on wasm', ours.out, ref.out, 1e-6, 1e-7);
  assert.notDeepEqual(ours.out[0], (await run('wasm', () => adam(0.05), 0)).out[0], 'the steps changed W');
});

test('fused steps on wasm match tf.train.adam on the cpu backend', async () => {
  const ref = await run('cpu', () => tf.train.adam(0.05, 0.8, 0.99, 1e-6));
  const ours = await run('wasm', () => adam(0.05, 0.8, 0.99, 1e-6));
  assertClose('fused (wasm) vs tf.train.adam (cpu)', ours.out, ref.out, 1e-4, 1e-5);
});

test('state moves both ways: 3 steps with one optimizer then 3 with the other equal 6 steps', async () => {
  const straight = await run('wasm', () => tf.train.adam(0.05));
  for (const [label, first, second] of [
    ['tf.train.adam then adam', tf.train.adam, adam],
    ['adam then tf.train.adam', adam, tf.train.adam],
  ] as const) {
    await tf.setBackend('wasm');
    const o1 = first(0.05);
    const { vars, loss, dispose } = net('handover');
    for (let t = 0; t < 3; t++) o1.minimize(loss, false, vars);
    const state = await o1.getWeights();
    const o2 = second(0.05);
    await o2.setWeights(state);
    for (let t = 0; t < 3; t++) o2.minimize(loss, false, vars);
    assertClose(
      label,
      vars.map((v) => v.dataSync() as Float32Array),
      straight.out.slice(0, 2),
      1e-6,
      1e-7,
    );
    state[0].tensor.dispose();
    [o1, o2].forEach((o) => o.dispose());
    dispose();
  }
});

test('a tensor sharing a variable buffer (a clone) keeps its values; nothing leaks per step', async () => {
  await tf.setBackend('wasm');
  const optimizer = adam(0.1);
  const { vars, loss, dispose } = net('shared');
  optimizer.minimize(loss, false, vars); // makes m and v
  const before = vars.map((v) => tf.clone(v)); // shares the variable's buffer
  const saved = before.map((t) => t.dataSync().slice());
  const count = tf.memory().numTensors;
  for (let t = 0; t < 3; t++) optimizer.minimize(loss, false, vars);
  assert.equal(tf.memory().numTensors, count, 'tensors per step');
  before.forEach((t, k) => assert.deepEqual(t.dataSync(), saved[k], 'the clone changed'));
  vars.forEach((v, k) => assert.notDeepEqual(v.dataSync(), saved[k], 'the variable did not change'));
  tf.dispose(before);
  const beforeDispose = tf.memory().numTensors;
  optimizer.dispose();
  assert.equal(
    tf.memory().numTensors,
    beforeDispose - 6,
    'dispose frees accBeta1, accBeta2 and m, v of both variables',
  );
  dispose();
});

test('a checkpoint saved with tf.train.adam resumes with FusedAdam as uninterrupted training would', async () => {
  await tf.setBackend('wasm');
  const tiny = { inputDim: 9, hidden: [6], latentDim: 2, seed: 4 };
  const data = { x: tf.randomUniform([40, 9], 0, 1, 'float32', 7) as tf.Tensor2D };
  const options = { batchSize: 10, seed: 3, learningRate: 0.01 };
  const straight = new VAE(tiny);
  const reference = tf.train.adam(0.01);
  await fit(straight, data, { ...options, epochs: 4, optimizer: reference });
  const first = new VAE(tiny);
  const optimizer = tf.train.adam(0.01);
  const history = await fit(first, data, { ...options, epochs: 2, optimizer });
  await saveCheckpoint(first, join(root, 'ck'), { history }, optimizer);
  const resumed = await loadCheckpoint(join(root, 'ck'));
  assert.ok(resumed.optimizer instanceof FusedAdam, 'loadCheckpoint restores Adam state into FusedAdam');
  await fit(resumed.model, data, {
    ...options,
    epochs: 4,
    optimizer: resumed.optimizer,
    history: resumed.info.history,
  });
  const got = resumed.model.params.list().map((v) => v.dataSync() as Float32Array);
  assertClose(
    'resumed vs straight',
    got,
    straight.params.list().map((v) => v.dataSync() as Float32Array),
    1e-5,
    1e-6,
  );
  [straight, first, resumed.model].forEach((m) => m.dispose());
  [reference, optimizer, resumed.optimizer!].forEach((o) => o.dispose());
  data.x.dispose();
});

test('a FusedAdam step writes a fresh buffer when a clone shares the variable, and leaves the clone intact', async () => {
  await tf.setBackend('wasm');
  const v = tf.variable(tf.tensor1d([1, 2, 3, 4, 5]));
  const before = tf.clone(v);
  const optimizer = adam(0.1);
  const g = tf.ones([5]);
  optimizer.applyGradients([{ name: v.name, tensor: g }]);
  assert.deepEqual(Array.from(before.dataSync()), [1, 2, 3, 4, 5]);
  Array.from(v.dataSync()).forEach((got, i) => assert.ok(Math.abs(got - (i + 1 - 0.1)) < 1e-5, `v[${i}] = ${got}`));
  optimizer.dispose();
  tf.dispose([v, before, g]);
});
