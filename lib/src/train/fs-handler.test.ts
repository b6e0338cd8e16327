import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckpointError, fileSystemHandler, writeFileAtomic } from './fs-handler';

const dir = mkdtempSync(join(tmpdir(), 'genmodels-fs-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('writeFileAtomic replaces the file whole and leaves no temporary file', () => {
  const file = join(dir, 'a.json');
  writeFileAtomic(file, 'first');
  writeFileAtomic(file, new Uint8Array([1, 2, 3]));
  assert.deepEqual([...readFileSync(file)], [1, 2, 3]);
  assert.deepEqual(readdirSync(dir), ['a.json']);
});

test('the handler round-trips artifacts and rejects weights of the wrong length', async () => {
  const target = join(dir, 'ck');
  const weightData = new Float32Array([1, 2, 3, 4, 5, 6]).buffer;
  const weightSpecs = [{ name: 'w', shape: [2, 3], dtype: 'float32' as const }];
  await fileSystemHandler(target).save({
    modelTopology: { any: 'json' },
    weightSpecs,
    weightData,
    format: 'f',
    userDefinedMetadata: { note: 'x' },
  });
  const loaded = await fileSystemHandler(target).load();
  assert.deepEqual(
    [loaded.modelTopology, loaded.format, loaded.userDefinedMetadata],
    [{ any: 'json' }, 'f', { note: 'x' }],
  );
  assert.deepEqual([...new Float32Array(loaded.weightData as ArrayBuffer)], [1, 2, 3, 4, 5, 6]);
  writeFileSync(join(target, 'weights.bin'), new Uint8Array(28)); // one float too many
  await assert.rejects(
    fileSystemHandler(target).load(),
    (e: Error) => e instanceof CheckpointError && /28 bytes but .* describes 24/.test(e.message),
  );
  rmSync(join(target, 'weights.bin'));
  await assert.rejects(fileSystemHandler(target).load(), /weights\.bin is missing/);
  writeFileSync(join(target, 'model.json'), '{"format": "x"}');
  await assert.rejects(fileSystemHandler(target).load(), /not a TF\.js model\.json/);
});

test('a save cut between its two files (new weights, old model.json) loads the previous save whole', async () => {
  const target = join(dir, 'cut');
  const weightSpecs = [{ name: 'w', shape: [2], dtype: 'float32' as const }];
  const save = (a: number, b: number, note: string) =>
    fileSystemHandler(target).save({
      modelTopology: {},
      weightSpecs,
      weightData: new Float32Array([a, b]).buffer,
      userDefinedMetadata: { note },
    });
  const read = async () => {
    const loaded = await fileSystemHandler(target).load();
    return [loaded.userDefinedMetadata?.note, ...new Float32Array(loaded.weightData as ArrayBuffer)];
  };
  await save(1, 2, 'first');
  const firstJson = readFileSync(join(target, 'model.json'));
  await save(3, 4, 'second');
  assert.deepEqual(
    readdirSync(target).sort(),
    ['model.json', 'weights.bin'],
    'the previous weights are gone once the save is complete',
  );
  assert.deepEqual(await read(), ['second', 3, 4]);
  // the state a kill -9 between the renames leaves: weights.bin replaced, model.json not yet
  writeFileSync(join(target, 'weights.bin.prev'), new Uint8Array(new Float32Array([1, 2]).buffer));
  writeFileSync(join(target, 'model.json'), firstJson);
  assert.deepEqual(await read(), ['first', 1, 2]);
  rmSync(join(target, 'weights.bin.prev'));
  await assert.rejects(
    fileSystemHandler(target).load(),
    (e: Error) => e instanceof CheckpointError && /does not match the SHA-256 .* different saves/.test(e.message),
  );
});
