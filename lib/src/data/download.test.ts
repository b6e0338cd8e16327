import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { download, type DownloadProgress } from './download';
import { CacheError, ChecksumError, DownloadError } from './errors';

const body = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7) % 251));
const MD5 = createHash('md5').update(body).digest('hex');
const hits = new Map<string, number>();
let server: Server;
let base: string;
const root = mkdtempSync(join(tmpdir(), 'genmodels-dl-'));
let caseNo = 0;
const freshDir = () => join(root, `case-${++caseNo}`, 'nested', 'cache'); // missing folders are created

/** Routes: /ok, /wrong (other bytes), /drop-once (first request cut midway), /drop (always cut), anything else 404. */
function handle(path: string, res: import('node:http').ServerResponse): void {
  const n = (hits.get(path) ?? 0) + 1;
  hits.set(path, n);
  if (path === '/ok') return void res.writeHead(200, { 'content-length': body.length }).end(body);
  if (path === '/wrong')
    return void res.writeHead(200, { 'content-length': body.length }).end(Buffer.alloc(body.length));
  if (path === '/drop' || (path === '/drop-once' && n === 1)) {
    res.writeHead(200, { 'content-length': body.length });
    res.write(body.subarray(0, body.length / 2), () => setTimeout(() => res.socket?.destroy(), 20));
    return;
  }
  if (path === '/stall')
    return void res.writeHead(200, { 'content-length': body.length }).write(body.subarray(0, 50_000)); // never ends
  if (path === '/drop-once') return void res.writeHead(200, { 'content-length': body.length }).end(body);
  res.writeHead(404, 'Not Found').end('no such file');
}

before(async () => {
  server = createServer((req, res) => handle(req.url ?? '', res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
  rmSync(root, { recursive: true, force: true });
});

const opts = (dir: string, ...paths: string[]) => ({
  urls: paths.map((p) => base + p),
  dest: join(dir, 'file.bin'),
  md5: MD5,
  retryDelayMs: 5,
});

test('a download streams into place with progress, verified, leaving no temporary file', async () => {
  const dir = freshDir();
  const seen: DownloadProgress[] = [];
  await download({ ...opts(dir, '/ok'), onProgress: (p) => seen.push(p) });
  assert.deepEqual(readFileSync(join(dir, 'file.bin')), body);
  assert.deepEqual(readdirSync(dir), ['file.bin']);
  assert.ok(seen.length >= 1);
  assert.equal(seen.at(-1)!.received, body.length);
  assert.equal(seen.at(-1)!.total, body.length);
  assert.ok(
    seen.every((p, i) => i === 0 || p.received >= seen[i - 1].received),
    'progress never goes backwards',
  );
});

test('a checksum mismatch is a ChecksumError and the bad file is not kept', async () => {
  const dir = freshDir();
  hits.delete('/wrong');
  await assert.rejects(
    download(opts(dir, '/wrong')),
    (e) => e instanceof ChecksumError && e.message.includes(`expected ${MD5}`) && /not kept/.test(e.message),
  );
  assert.deepEqual(readdirSync(dir), []);
  assert.equal(hits.get('/wrong'), 1, 'a mismatch is not retried on the same mirror');
});

test('a connection dropped midway leaves no file, and the retry succeeds', async () => {
  const dir = freshDir();
  hits.delete('/drop-once');
  await download({ ...opts(dir, '/drop-once'), attempts: 2 });
  assert.equal(hits.get('/drop-once'), 2);
  assert.deepEqual(readFileSync(join(dir, 'file.bin')), body);
  assert.deepEqual(readdirSync(dir), ['file.bin']);
});

test('when every attempt is cut, the error says so and nothing complete-looking is left', async () => {
  const dir = freshDir();
  hits.delete('/drop');
  await assert.rejects(
    download({ ...opts(dir, '/drop'), attempts: 3 }),
    (e) =>
      e instanceof DownloadError && /connection dropped after \d+ of 200000 bytes.*after 3 attempts/.test(e.message),
  );
  assert.equal(hits.get('/drop'), 3);
  assert.deepEqual(readdirSync(dir), []);
});

test('a 404 is a clear DownloadError, not retried; the next mirror is tried', async () => {
  const dir = freshDir();
  hits.delete('/missing');
  await assert.rejects(
    download(opts(dir, '/missing')),
    (e) =>
      e instanceof DownloadError &&
      /file\.bin.*\/missing: HTTP 404 Not Found/s.test(e.message) &&
      e.message.includes(MD5),
  );
  assert.equal(hits.get('/missing'), 1);
  assert.ok(!existsSync(join(dir, 'file.bin')));
  await download(opts(dir, '/missing', '/ok'));
  assert.deepEqual(readFileSync(join(dir, 'file.bin')), body);
});

test('a cache path blocked by a file is a CacheError saying to set GENMODELS_CACHE', async () => {
  const blocker = join(root, 'blocker');
  writeFileSync(blocker, 'x');
  await assert.rejects(
    download(opts(join(blocker, 'cache'), '/ok')),
    (e) => e instanceof CacheError && /part of its path is a file.*GENMODELS_CACHE/.test(e.message),
  );
});

test('a read-only cache is a CacheError', async () => {
  const dir = join(root, 'read-only');
  mkdirSync(dir);
  chmodSync(dir, 0o555);
  if (process.getuid?.() !== 0) {
    await assert.rejects(download(opts(dir, '/ok')), (e) => e instanceof CacheError && /not writable/.test(e.message));
    return;
  }
  // root ignores permissions, so run the download as the unprivileged user `nobody`
  const script = `require(${JSON.stringify(join(__dirname, 'download.ts'))}).download(${JSON.stringify(opts(dir, '/ok'))})
    .then(() => console.log('downloaded'), (e) => console.log(e.name + ': ' + e.message))`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    uid: 65534,
    gid: 65534,
    encoding: 'utf8',
    env: { ...process.env, TSX_DISABLE_CACHE: '1' },
  });
  assert.match(
    r.stdout,
    /^CacheError: Cannot use the dataset cache .*read-only: it is not writable by this user.*GENMODELS_CACHE/,
    r.stderr,
  );
  assert.deepEqual(readdirSync(dir), []);
});

test('a process killed mid-download leaves only a hidden .part file, which the next download removes', async () => {
  const dir = freshDir();
  const script = `require(${JSON.stringify(join(__dirname, 'download.ts'))}).download(${JSON.stringify(opts(dir, '/stall'))})`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { stdio: 'ignore' });
  const deadline = Date.now() + 20_000;
  const parts = () => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.part')) : []);
  while (!parts().some((f) => statSync(join(dir, f)).size > 0) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  assert.deepEqual(
    readdirSync(dir).filter((f) => !/^\.file\.bin\.\d+\.[0-9a-f]{8}\.part$/.test(f)),
    [],
    'nothing complete-looking',
  );
  assert.equal(parts().length, 1, 'the killed process could not clean up');
  await download(opts(dir, '/ok'));
  assert.deepEqual(readdirSync(dir), ['file.bin']);
});
