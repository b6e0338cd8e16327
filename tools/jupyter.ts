/**
 * Finding Jupyter and registering the project's kernel.
 *
 * The first `python3` on PATH is often not the one that has Jupyter (on our machines Debian's
 * Jupyter lives under /usr/bin/python3 while PATH starts with pyenv's), so every candidate is
 * asked which Jupyter modules it can import, and the first that has what we need wins.
 *
 * The kernelspec is written inside this checkout (`.jupyter/kernels/genmodels/`) and found
 * through JUPYTER_PATH, so nothing global is touched and it always points at this checkout's
 * own kernel.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { kernelSpec } from '../kernel/src/kernelspec';

export const ROOT = join(__dirname, '..');
export const KERNEL_NAME = 'genmodels';
export const KERNEL_DISPLAY_NAME = 'TypeScript (genmodels)';
const JUPYTER_DIR = join(ROOT, '.jupyter');

/** Python modules a Jupyter front end or runner may need. */
export type JupyterModule = 'nbclient' | 'nbformat' | 'jupyter_client' | 'notebook' | 'jupyterlab' | 'pip' | 'venv';

export class JupyterError extends Error {
  override name = 'JupyterError';
}

/** Interpreters to try, most specific first. `GENMODELS_PYTHON` replaces the list. */
export function pythonCandidates(env = process.env): string[] {
  if (env.GENMODELS_PYTHON) return [env.GENMODELS_PYTHON];
  return [join(ROOT, '.venv/bin/python'), '/usr/bin/python3', 'python3', 'python', '/usr/local/bin/python3'];
}

const probed = new Map<string, Set<JupyterModule> | null>();

/** Which of the modules `python` can import; null when it does not run at all. */
export function probePython(python: string): Set<JupyterModule> | null {
  if (!probed.has(python)) {
    const code =
      'import importlib.util as u, json\n' +
      "mods = ['nbclient', 'nbformat', 'jupyter_client', 'notebook', 'jupyterlab', 'pip', 'venv']\n" +
      'print(json.dumps([m for m in mods if u.find_spec(m) is not None]))';
    const r = spawnSync(python, ['-c', code], { encoding: 'utf8', timeout: 30_000 });
    probed.set(python, r.status === 0 ? new Set(JSON.parse(r.stdout.trim()) as JupyterModule[]) : null);
  }
  return probed.get(python) ?? null;
}

/** The first candidate Python that can import every module in `needs`, or null. */
export function findPython(needs: JupyterModule[], env = process.env): string | null {
  for (const python of pythonCandidates(env)) {
    const mods = probePython(python);
    if (mods && needs.every((m) => mods.has(m))) return python;
  }
  return null;
}

/** What to tell someone whose machine has no usable Jupyter. */
export function installHint(needs: string): string {
  return [
    `No Python with ${needs} was found (tried: ${pythonCandidates().join(', ')}).`,
    'Install Jupyter with one of:',
    '  Debian/Ubuntu:  sudo apt-get install jupyter-notebook python3-nbconvert python3-nbclient python3-ipykernel',
    '  any Python:     python3 -m pip install jupyterlab nbclient',
    'or point GENMODELS_PYTHON at the interpreter that has it, e.g. GENMODELS_PYTHON=/usr/bin/python3.',
  ].join('\n');
}

/** The argv Jupyter uses to start the kernel: this checkout's own kernel (kernel/dist, built by npm install). */
export function kernelArgv(): string[] {
  return kernelSpec(ROOT).argv;
}

/** Write the project kernelspec and return the environment in which Jupyter finds it. */
export function registerKernel(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const [, entry] = kernelArgv();
  if (!existsSync(entry)) {
    throw new JupyterError(`The kernel is not installed (${entry} is missing). Run \`npm install\` first.`);
  }
  const dir = join(JUPYTER_DIR, 'kernels', KERNEL_NAME);
  mkdirSync(dir, { recursive: true });
  const spec = { ...kernelSpec(ROOT), display_name: KERNEL_DISPLAY_NAME };
  writeFileSync(join(dir, 'kernel.json'), JSON.stringify(spec, null, 2) + '\n');
  const jupyterPath = [JUPYTER_DIR, env.JUPYTER_PATH].filter(Boolean).join(delimiter);
  return { ...env, JUPYTER_PATH: jupyterPath };
}
