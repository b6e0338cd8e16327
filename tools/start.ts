/**
 * `npm start [-- JUPYTER OPTIONS]`: register the project kernel and open Jupyter on notebooks/.
 *
 * Finds JupyterLab, else Jupyter Notebook, in the first Python that has it (see jupyter.ts).
 * Where none has either, sets up JupyterLab in a project-local `.venv` if pip can install
 * packages, else prints exactly how to install Jupyter and exits non-zero. Options such as
 * `--no-browser` and `--port 8899` pass through to Jupyter.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { findPython, installHint, JupyterError, probePython, registerKernel, ROOT } from './jupyter';

const VENV = join(ROOT, '.venv');

/** The value of `--port N` or `--port=N` (also NotebookApp/ServerApp spellings), if given. */
export function requestedPort(args: string[]): number | null {
  for (let i = 0; i < args.length; i++) {
    const m = /^--(?:\w+App\.)?port(?:=(.*))?$/.exec(args[i]);
    if (!m) continue;
    const value = m[1] ?? args[i + 1];
    const port = Number(value);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new JupyterError(`--port must be a number from 1 to 65535, got "${value ?? ''}".`);
    }
    return port;
  }
  return null;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer()
      .once('error', () => done(false))
      .once('listening', () => server.close(() => done(true)))
      .listen(port, '127.0.0.1');
  });
}

/** A Python with JupyterLab or Notebook, and which front end to run. */
function findFrontEnd(): { python: string; app: 'jupyterlab' | 'notebook' } | null {
  for (const app of ['jupyterlab', 'notebook'] as const) {
    const python = findPython([app]);
    if (python) return { python, app };
  }
  return null;
}

/** Create `.venv` with JupyterLab; on any failure remove the half-made venv and return null. */
function setUpVenv(): { python: string; app: 'jupyterlab' } | null {
  if (process.env.GENMODELS_SETUP_VENV === '0') return null;
  const base = ['/usr/bin/python3', 'python3', 'python'].find((p) => {
    const mods = probePython(p);
    return mods?.has('venv') && mods.has('pip');
  });
  if (!base) return null;
  console.log(`No Jupyter found; installing JupyterLab into ${VENV} with pip (one time, a few minutes)…`);
  const steps: [string, string[]][] = [
    [base, ['-m', 'venv', VENV]],
    [join(VENV, 'bin/python'), ['-m', 'pip', 'install', '--progress-bar', 'on', 'jupyterlab']],
  ];
  for (const [cmd, args] of steps) {
    if (spawnSync(cmd, args, { stdio: 'inherit' }).status !== 0) {
      rmSync(VENV, { recursive: true, force: true });
      console.error("Setting up the project-local JupyterLab failed (see pip's message above).");
      return null;
    }
  }
  return { python: join(VENV, 'bin/python'), app: 'jupyterlab' };
}

/**
 * Build the engine, lib/ and kernel/ when an install skipped `prepare` (`npm install --ignore-scripts`, or an
 * npm that refuses lifecycle scripts), so the two commands of the quick start still work.
 */
function ensureBuilt(): void {
  const outputs = ['packages/tfjs-wasm-fast/dist/index.js', 'lib/dist/index.js', 'kernel/dist/main.js'];
  if (outputs.every((f) => existsSync(join(ROOT, f)))) return;
  console.log('genmodels is not built yet (the install skipped its `prepare` script): running `npm run build` …');
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0)
    throw new JupyterError('`npm run build` failed (see above); fix what it reports, then run `npm start` again.');
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  ensureBuilt();
  const port = requestedPort(args);
  if (port !== null && !(await portIsFree(port))) {
    throw new JupyterError(
      `Port ${port} is already in use. Stop whatever uses it, or pick another: npm start -- --port ${port + 1}`,
    );
  }
  const frontEnd = findFrontEnd() ?? setUpVenv();
  if (!frontEnd) throw new JupyterError(installHint('JupyterLab or Jupyter Notebook'));
  const env = registerKernel();
  const hasIp = args.some((a) => /^--(?:\w+App\.)?ip\b/.test(a));
  const defaults = [
    `--notebook-dir=${join(ROOT, 'notebooks')}`,
    ...(hasIp ? [] : ['--ip=127.0.0.1']), // not reachable from other machines unless asked
    ...(process.getuid?.() === 0 ? ['--allow-root'] : []), // containers and CI run as root
  ];
  const jupyterArgs = ['-m', frontEnd.app, ...defaults, ...args];
  console.log(
    `Starting ${frontEnd.app === 'jupyterlab' ? 'JupyterLab' : 'Jupyter Notebook'} (${frontEnd.python}) with the "TypeScript (genmodels)" kernel…`,
  );
  const child = spawn(frontEnd.python, jupyterArgs, { stdio: 'inherit', env });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
  return new Promise((done) => child.on('exit', (code, signal) => done(code ?? (signal ? 0 : 1))));
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof JupyterError ? err.message : err);
    process.exit(1);
  },
);
