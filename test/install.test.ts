/**
 * A fresh install as a user meets it, in a copy of this checkout: npm 11 warns about every
 * dependency install script that package.json's `allowScripts` does not cover, so a quiet install
 * means the policy covers them all (`--strict-allow-scripts` makes an uncovered one an error);
 * and an npm that runs no scripts at all (`--ignore-scripts`, which also skips our own `prepare`
 * build) still gives a working `npm start`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort, ROOT } from './helpers';

/** Big folders no install step reads. */
const SKIP = /^(checkpoints|solutions|exercises)\//;

/** A copy of the tracked files (as they are in the working tree), without the big data folders. */
function copyCheckout(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gm-install-'));
  const files = spawnSync('git', ['ls-files', '-co', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  }).stdout.split('\n');
  for (const f of files.filter((f) => f && !SKIP.test(f))) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    cpSync(join(ROOT, f), join(dir, f));
  }
  return dir;
}

function npmCi(dir: string, ...flags: string[]): string {
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline', ...flags], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 300_000,
  });
  const out = `${r.stdout}\n${r.stderr}`;
  assert.equal(r.status, 0, `npm ci ${flags.join(' ')} failed:\n${out}`);
  return out;
}

test(
  'npm ci is quiet and passes --strict-allow-scripts: allowScripts covers every install script',
  { timeout: 360_000 },
  () => {
    const dir = copyCheckout();
    try {
      const out = npmCi(dir, '--strict-allow-scripts');
      assert.doesNotMatch(out, /install-scripts|not yet covered by allowScripts|npm warn/i, out);
      const built = spawnSync(process.execPath, ['-e', "require('./lib/dist/index.js'); require('zeromq')"], {
        cwd: dir,
        encoding: 'utf8',
      });
      assert.equal(built.status, 0, `prepare built lib and zeromq loads: ${built.stderr}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test(
  'with every install script refused (--ignore-scripts), npm start builds and serves the kernel',
  { timeout: 480_000 },
  async () => {
    const dir = copyCheckout();
    try {
      npmCi(dir, '--ignore-scripts');
      const port = await freePort();
      const token = 'genmodels-install-test';
      const child = spawn('npm', ['start', '--', '--no-browser', '--port', String(port)], {
        cwd: dir,
        env: { ...process.env, JUPYTER_TOKEN: token },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      const exited = new Promise((done) => child.once('exit', done));
      let log = '';
      child.stdout.on('data', (d) => (log += d));
      child.stderr.on('data', (d) => (log += d));
      try {
        const deadline = Date.now() + 180_000;
        type Specs = { kernelspecs: Record<string, { spec: { argv: string[] } }> };
        let specs: Specs | null = null;
        while (!specs) {
          assert.ok(Date.now() < deadline && child.exitCode === null, `npm start did not serve Jupyter:\n${log}`);
          specs = await fetch(`http://127.0.0.1:${port}/api/kernelspecs`, {
            headers: { Authorization: `token ${token}` },
          }).then(
            (r) => (r.ok ? (r.json() as Promise<Specs>) : null),
            () => null,
          );
          if (!specs) await new Promise((r) => setTimeout(r, 500));
        }
        assert.match(log, /not built yet/, 'it said it was building');
        assert.ok(
          specs.kernelspecs.genmodels?.spec.argv.some((a) => a.startsWith(dir)),
          `the copy's own kernel is listed:\n${log}`,
        );
      } finally {
        if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
        await exited;
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
