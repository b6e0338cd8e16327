/**
 * `npm start` as a user meets it: it registers the project kernel and serves Jupyter; bad
 * situations (busy port, no Jupyter) get a clear message and no stack trace.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { freePort, hasStackTrace, ROOT, runTool } from './helpers';

/** Notebook's GET /api/kernelspecs, as far as these tests read it. */
interface KernelSpecs {
  kernelspecs: Record<string, { spec: { display_name: string; language: string; argv: string[] } } | undefined>;
}

async function waitForJson<T>(url: string, token: string, deadline: number): Promise<T> {
  for (;;) {
    try {
      const res = await fetch(url, { headers: { Authorization: `token ${token}` } });
      if (res.ok) return (await res.json()) as T;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer in time`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

test('npm start serves Jupyter with the project kernel listed', { timeout: 120_000 }, async () => {
  const port = await freePort();
  const token = 'genmodels-test-token';
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'tools/start.ts'), '--no-browser', '--port', String(port)],
    {
      cwd: ROOT,
      env: { ...process.env, JUPYTER_TOKEN: token },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  try {
    const specs = await waitForJson<KernelSpecs>(
      `http://127.0.0.1:${port}/api/kernelspecs`,
      token,
      Date.now() + 90_000,
    );
    const spec = specs.kernelspecs.genmodels?.spec;
    assert.ok(spec, `genmodels kernel not listed; got ${Object.keys(specs.kernelspecs)}\n${log}`);
    assert.equal(spec.display_name, 'TypeScript (genmodels)');
    assert.equal(spec.language, 'typescript');
    assert.ok(
      spec.argv.some((a) => a.startsWith(ROOT)),
      `the kernel runs from this checkout: ${spec.argv}`,
    );
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
});

test('a port already in use gets a clear message', async () => {
  const busy = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => busy.once('listening', r));
  const { port } = busy.address() as { port: number };
  try {
    const r = await runTool('start.ts', ['--no-browser', '--port', String(port)]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, new RegExp(`Port ${port} is already in use\\..*--port ${port + 1}`));
    assert.ok(!hasStackTrace(r.stderr), r.stderr);
  } finally {
    busy.close();
  }
});

test('with no usable Jupyter, npm start says exactly how to install it', async () => {
  const r = await runTool('start.ts', ['--no-browser'], {
    GENMODELS_PYTHON: '/nonexistent/python3',
    GENMODELS_SETUP_VENV: '0',
  });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /No Python with JupyterLab or Jupyter Notebook was found \(tried: \/nonexistent\/python3\)/);
  assert.match(r.stderr, /apt-get install jupyter-notebook/);
  assert.match(r.stderr, /pip install jupyterlab/);
  assert.ok(!hasStackTrace(r.stderr), r.stderr);
});

test('a malformed --port is rejected before anything starts', async () => {
  const r = await runTool('start.ts', ['--port', 'eighty']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /--port must be a number from 1 to 65535, got "eighty"/);
});
