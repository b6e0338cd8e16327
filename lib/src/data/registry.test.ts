import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { courseRoot } from '../paths';
import { UnknownDatasetError } from './errors';
import { DATASET_NAMES, getDataset, manifestDocument, MANIFEST, parseSplit } from './registry';

test('datasets/manifest.json is the registry, as written by `npm run data -- manifest`', () => {
  const onDisk = JSON.parse(readFileSync(join(courseRoot(), 'datasets', 'manifest.json'), 'utf8'));
  assert.deepEqual(onDisk, manifestDocument(), 'out of sync: run `npm run data -- manifest`');
});

test('every split has consistent sizes: IDX bytes = header + n·H·W for images, header + n for labels', () => {
  for (const name of DATASET_NAMES) {
    const { height, width, splits } = MANIFEST[name];
    for (const { n, images, labels } of Object.values(splits)) {
      assert.equal(images.bytes, 16 + n * height * width, `${name} ${images.file}`);
      assert.equal(labels.bytes, 8 + n, `${name} ${labels.file}`);
      for (const f of [images, labels]) assert.match(f.md5, /^[0-9a-f]{32}$/);
    }
  }
});

test('unknown dataset and split names are errors listing the known ones', () => {
  assert.equal(getDataset('mnist'), MANIFEST.mnist);
  assert.throws(
    () => getDataset('emnist'),
    (e) =>
      e instanceof UnknownDatasetError &&
      /Unknown dataset "emnist"\. Known datasets: mnist, fashion-mnist\./.test(e.message),
  );
  assert.throws(() => parseSplit('valid'), /Unknown split "valid"\. Known splits: train, test\./);
});
