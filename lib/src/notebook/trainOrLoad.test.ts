import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PixelCNN } from '../models/pixelcnn';
import { VAE } from '../models/vae';
import { trainOrLoad } from './trainOrLoad';
import { uniform, useCpu, values } from '../../../test/helpers/models';

before(useCpu);
const work = mkdtempSync(join(tmpdir(), 'trainOrLoad-'));
after(() => rmSync(work, { recursive: true, force: true }));

const config = { inputDim: 16, hidden: [8], latentDim: 2, seed: 3 };
const dirs = { shippedDir: join(work, 'shipped'), cacheDir: join(work, 'cache') };
const data = { x: uniform(64, 16, 1) };
const quiet = { onTrainBegin() {} }; // progress goes to stderr; nothing to assert on here

function withMode<T>(quick: '0' | '1', run: () => Promise<T>): Promise<T> {
  const before = process.env.GENMODELS_QUICK;
  process.env.GENMODELS_QUICK = quick;
  return run().finally(() => (process.env.GENMODELS_QUICK = before));
}

test('quick mode trains and writes no checkpoint', async () => {
  const vae = new VAE(config);
  const r = await withMode('1', () =>
    trainOrLoad(vae, data, { name: 'q', epochs: 1, batchSize: 16, ...dirs, callbacks: quiet }),
  );
  assert.equal(r.source, 'trained');
  assert.equal(r.history?.epochs.length, 1);
  assert.ok(!existsSync(join(dirs.cacheDir, 'q')));
  vae.dispose();
});

test('full mode trains once, then loads the same weights; another config retrains', async () => {
  const first = new VAE(config);
  const r1 = await withMode('0', () =>
    trainOrLoad(first, data, { name: 'v', epochs: 2, batchSize: 16, ...dirs, callbacks: quiet }),
  );
  assert.equal(r1.source, 'trained');
  assert.ok(existsSync(join(dirs.cacheDir, 'v/model.json')));

  const second = new VAE(config);
  const r2 = await withMode('0', () => trainOrLoad(second, data, { name: 'v', epochs: 2, batchSize: 16, ...dirs }));
  assert.equal(r2.source, 'cache');
  assert.equal(r2.history?.epochs.length, 2, 'the stored history comes back');
  assert.deepEqual(second.params.list().map(values), first.params.list().map(values));

  const longer = new VAE(config);
  const r4 = await withMode('0', () =>
    trainOrLoad(longer, data, { name: 'v', epochs: 3, batchSize: 16, ...dirs, callbacks: quiet }),
  );
  assert.equal(r4.source, 'trained', 'a cache trained for 2 epochs is not what a 3-epoch run asks for');
  longer.dispose();

  const other = new VAE({ ...config, beta: 4 });
  const r3 = await withMode('0', () =>
    trainOrLoad(other, data, { name: 'v', epochs: 1, batchSize: 16, ...dirs, callbacks: quiet }),
  );
  assert.equal(r3.source, 'trained', 'a different β must not load β = 1 weights');
  for (const m of [first, second, other]) m.dispose();
});

test('a cached run without validation is not used by a cell that asks for validation curves', async () => {
  const plain = new VAE(config);
  await withMode('0', () =>
    trainOrLoad(plain, data, { name: 'nv', epochs: 1, batchSize: 16, ...dirs, callbacks: quiet }),
  );
  const validation = { x: uniform(16, 16, 2) };
  const curves = new VAE(config);
  const r = await withMode('0', () =>
    trainOrLoad(curves, data, { name: 'nv', epochs: 1, batchSize: 16, validation, ...dirs, callbacks: quiet }),
  );
  assert.equal(r.source, 'trained', 'a history with no validation records cannot draw validation curves');
  assert.ok(r.history?.epochs.every((e) => e.validation !== undefined));
  const again = new VAE(config);
  const r2 = await withMode('0', () =>
    trainOrLoad(again, data, { name: 'nv', epochs: 1, batchSize: 16, validation, ...dirs }),
  );
  assert.equal(r2.source, 'cache', 'the validated run is cached and reused');
  const without = new VAE(config);
  const r3 = await withMode('0', () => trainOrLoad(without, data, { name: 'nv', epochs: 1, batchSize: 16, ...dirs }));
  assert.equal(r3.source, 'cache', 'a cell without validation may use a validated run');
  for (const m of [plain, curves, again, without]) m.dispose();
});

test('a shipped checkpoint wins over the cache, and retrain ignores both', async () => {
  const trained = new VAE(config);
  await withMode('0', () =>
    trainOrLoad(trained, data, {
      name: 's',
      epochs: 1,
      batchSize: 16,
      cacheDir: dirs.shippedDir,
      shippedDir: join(work, 'none'),
      callbacks: quiet,
    }),
  );
  const loaded = new VAE(config);
  const r = await withMode('0', () => trainOrLoad(loaded, data, { name: 's', ...dirs }));
  assert.equal(r.source, 'shipped');
  const again = new VAE(config);
  const r2 = await withMode('0', () =>
    trainOrLoad(again, data, { name: 's', epochs: 1, batchSize: 16, retrain: true, ...dirs, callbacks: quiet }),
  );
  assert.equal(r2.source, 'trained');
  for (const m of [trained, loaded, again]) m.dispose();
});

test('the course checkpoints load for the full-mode models of notebooks 08 and 09, named by their path in the course', async () => {
  // the notebooks build exactly these; if a re-export changes a config, full mode would silently retrain for hours
  const models = [
    { name: 'vae-20', model: new VAE({ latentDim: 20, hidden: [512, 256], seed: 42 }) },
    { name: 'pixelcnn-conditional', model: new PixelCNN({ channels: 32, blocks: 5, numClasses: 10, seed: 42 }) },
  ];
  const lines: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => void lines.push(args.join(' '));
  try {
    for (const { name, model } of models) {
      const r = await withMode('0', () => trainOrLoad(model, data, { name, cacheDir: join(work, 'unused') }));
      assert.equal(r.source, 'shipped', `${name}: ${lines.join('\n')}`);
      assert.ok((r.history?.epochs.length ?? 0) > 1, `${name}: the stored training curve comes back`);
      model.dispose();
    }
  } finally {
    console.log = log;
  }
  assert.deepEqual(
    lines.map((l) => l.match(/\(([^)]*)\)/)?.[1]),
    ['checkpoints/vae-20', 'checkpoints/pixelcnn-conditional'],
  );
});
