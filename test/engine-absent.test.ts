/**
 * genmodels without its speed engine (GENMODELS_ENGINE=off, as if @genmodels/tfjs-wasm-fast were not
 * installed): wasm runs as TF.js ships it, and the models compute what they compute with the engine.
 * A VAE trains to the same losses, a PixelCNN and a gated PixelCNN give the same exact NLL, and a
 * conv net's training step, which needs a conv gradient stock wasm lacks, fails saying what to do.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..');

// Runs in a fresh process against the built package, as a notebook would.
const script = `
const g = require('genmodels'), tf = g.tf;
(async () => {
  await g.initBackend({ backend: 'wasm' });
  const x = tf.tidy(() => tf.randomUniform([8, 784], 0, 1, 'float32', 3).less(0.3).toFloat());
  const vae = new g.VAE({ hidden: [64], latentDim: 8, seed: 1 }), optimizer = g.adam(1e-3);
  const vaeLosses = [0, 1, 2].map((seed) => {
    const loss = optimizer.minimize(() => vae.loss({ x }, { seed, beta: 1 }).total, true, vae.params.list());
    const v = loss.dataSync()[0];
    loss.dispose();
    return v;
  });
  const nll = (m) => tf.tidy(() => Array.from(m.nll(x).dataSync()));
  const out = {
    vaeLosses,
    pixelcnn: nll(new g.PixelCNN({ channels: 8, blocks: 2, seed: 1 })),
    gated: nll(new g.GatedPixelCNN({ channels: 8, blocks: 2, seed: 1 })),
  };
  try {
    const conv = new g.PixelCNN({ channels: 8, blocks: 1, seed: 2 });
    await g.fit(conv, { x }, { epochs: 1, batchSize: 8, seed: 1 });
    out.convTraining = 'ok';
  } catch (e) {
    out.convTraining = e.name + ': ' + e.message;
  }
  console.log('RESULT=' + JSON.stringify(out));
})().catch((e) => { console.error(e.stack); process.exit(3); });`;

function run(engine: 'on' | 'off') {
  const r = spawnSync(process.execPath, ['-e', script], {
    cwd: root,
    encoding: 'utf8',
    timeout: 300_000,
    env: { ...process.env, GENMODELS_ENGINE: engine, GENMODELS_BACKEND: '' },
  });
  assert.equal(r.status, 0, `engine ${engine}: exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT='));
  assert.ok(line, r.stdout);
  return { banner: r.stdout.split('\n')[0], ...JSON.parse(line.slice('RESULT='.length)) };
}

const close = (a: number[], b: number[], label: string) =>
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) <= 1e-3 * Math.abs(b[i]) + 1e-3, `${label}[${i}]: ${v} vs ${b[i]}`));

test('without the engine, wasm runs stock and the models compute the same values', () => {
  const off = run('off'),
    on = run('on');
  assert.match(
    off.banner,
    /genmodels: backend wasm \(forced by backend; stock kernels, 1 thread: GENMODELS_ENGINE=off\)/,
  );
  assert.match(on.banner, /GENMODELS_THREADS overrides/);
  close(off.vaeLosses, on.vaeLosses, 'VAE training losses');
  close(off.pixelcnn, on.pixelcnn, 'PixelCNN NLL');
  close(off.gated, on.gated, 'gated PixelCNN NLL');
  assert.equal(on.convTraining, 'ok');
  assert.match(
    off.convTraining,
    /BackendError: The stock wasm backend has no Conv2DBackpropFilter kernel \(GENMODELS_ENGINE=off\)\. Install the speed engine/,
  );
});

test('a GENMODELS_ENGINE other than on or off is a clear error', () => {
  const r = spawnSync(process.execPath, ['-e', "require('genmodels')"], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, GENMODELS_ENGINE: 'fast' },
  });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /GENMODELS_ENGINE must be "on" or "off"; found "fast"/);
});
