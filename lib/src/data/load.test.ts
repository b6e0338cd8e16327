import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { IdxCountMismatchError, LabelRangeError, UnknownDatasetError } from './errors';
import { encodeIdx } from './idx';
import { loadDataset, readImageSet } from './load';
import { MANIFEST, type DatasetName } from './registry';

const dir = mkdtempSync(join(tmpdir(), 'genmodels-load-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const SHAPE = { height: 2, width: 2, numClasses: 3 };

function fixture(name: string, dims: number[], data: number[], gzip = false): string {
  const path = join(dir, name);
  const bytes = encodeIdx(dims, Uint8Array.from(data));
  writeFileSync(path, gzip ? gzipSync(bytes) : bytes);
  return path;
}

const imagesPath = fixture('images.idx', [2, 2, 2], [0, 64, 128, 255, 1, 2, 3, 4]);
const labelsPath = fixture('labels.idx.gz', [2], [2, 0], true);

test('readImageSet pairs a raw images file with a gzipped labels file', () => {
  const set = readImageSet('tiny', imagesPath, labelsPath, SHAPE);
  assert.equal(set.n, 2);
  assert.deepEqual([...set.images], [0, 64, 128, 255, 1, 2, 3, 4]);
  assert.deepEqual([...set.labels], [2, 0]);
  assert.equal(set.numClasses, 3);
});

test('images and labels that disagree on the count are an IdxCountMismatchError naming both files', () => {
  const three = fixture('labels3.idx', [3], [0, 1, 2]);
  assert.throws(
    () => readImageSet('tiny', imagesPath, three, SHAPE),
    (e) =>
      e instanceof IdxCountMismatchError &&
      e.message.includes(three) &&
      e.message.includes(imagesPath) &&
      /expected 2 labels.*found 3/.test(e.message),
  );
});

test('a label outside 0..K-1 is a LabelRangeError', () => {
  const bad = fixture('labels-bad.idx', [2], [1, 7]);
  assert.throws(
    () => readImageSet('tiny', imagesPath, bad, SHAPE),
    (e) => e instanceof LabelRangeError && /expected labels in 0\.\.2, found 7 at index 1/.test(e.message),
  );
});

test('an unknown dataset name is an error listing the known ones', async () => {
  await assert.rejects(
    loadDataset('cifar' as DatasetName, 'train'),
    (e) => e instanceof UnknownDatasetError && /"cifar".*mnist, fashion-mnist/.test(e.message),
  );
});

test('full MNIST loads with checksums verified and the published label counts', async () => {
  const train = await loadDataset('mnist', 'train');
  assert.equal(train.n, 60000);
  assert.equal(train.images.length, 60000 * 784);
  const counts = new Array(10).fill(0);
  for (const y of train.labels) counts[y]++;
  assert.deepEqual(counts, [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
  const testSet = await loadDataset('mnist', 'test');
  assert.equal(testSet.n, 10000);
  assert.equal(testSet.name, 'mnist/test');
});

const fashion = MANIFEST['fashion-mnist'];
const systemDir = fashion.sources.find((s) => s.kind === 'system')!.dir;
const hasDebian = existsSync(join(systemDir, fashion.splits.test.labels.gz!.file));

test(
  'Fashion-MNIST loads from the Debian package, content checksums verified',
  { skip: !hasDebian && `${systemDir} absent (apt-get install dataset-fashion-mnist)` },
  async () => {
    const set = await loadDataset('fashion-mnist', 'test');
    assert.equal(set.n, 10000);
    assert.deepEqual(
      new Array(10).fill(0).map((_, k) => set.labels.filter((y) => y === k).length),
      new Array(10).fill(1000),
    );
  },
);
