/**
 * The grader's sandbox: each submission runs under bubblewrap (`bwrap`), with the grading helper
 * (tools/grade_notebook.py) and the kernel it starts both inside. What a run sees:
 *
 *   /usr /etc /bin /lib* /sbin   the system, read-only (symlinks where the host has symlinks)
 *   /course/node_modules         the course's packages, read-only; `genmodels` in it is a
 *                                workspace symlink to ../lib, which resolves to /course/lib
 *   /course/lib/{package.json,dist}, /course/packages/tfjs-wasm-fast/{package.json,dist},
 *   /course/kernel/dist, /course/datasets,
 *   /course/checkpoints, /course/.cache/datasets      read-only (COURSE_VIEW)
 *   /course/.jupyter             this run's kernelspec, read-only: the kernel is node
 *                                /course/kernel/dist/main.js, the same build as the checkout's
 *   /grader/grade_notebook.py    the helper, read-only
 *   /course/work                 the run's scratch folder, writable: a fresh mkdtemp under
 *                                os.tmpdir(), outside the checkout; HOME and the kernel's cwd
 *   /tmp                         a tmpfs, capped at the memory limit; /proc and /dev are fresh
 *   /                            bwrap's own tmpfs, remounted read-only once the above is in place
 *
 * Never visible: solutions/, the submissions folder (other students), the gradebook, the rest of
 * the checkout and of the host. `--unshare-all` gives new user, pid, net (loopback only: no
 * network), ipc, uts and cgroup namespaces; `--cap-drop ALL` leaves no capability, so read-only
 * stays read-only and no process can ptrace another; `--new-session` detaches the terminal;
 * `--die-with-parent` ends the run if the grader dies; and the PID namespace ends every process of
 * the run, detached ones included, when the helper exits.
 */
import {
  accessSync,
  constants,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readlinkSync,
  realpathSync,
  symlinkSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeKernelSpec } from '../../kernel/src/kernelspec';
import { ROOT } from '../jupyter';

/** Where the course is mounted inside the sandbox, and where the run's scratch folder is. */
export const COURSE = '/course';
export const SCRATCH = `${COURSE}/work`;
const JUPYTER = `${COURSE}/.jupyter`;
const HELPER = '/grader/grade_notebook.py';

/** Checkout paths a notebook needs, mounted read-only under COURSE; the `?` ones may be absent. */
export const COURSE_VIEW = [
  'node_modules',
  'packages/tfjs-wasm-fast/package.json',
  'packages/tfjs-wasm-fast/dist',
  'lib/package.json',
  'lib/dist',
  'kernel/dist',
  'datasets',
  'checkpoints',
  '.cache/datasets?',
];

const SYSTEM = ['/usr', '/etc', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];

/** The grader's environment variables that go into a run (GENMODELS_ROOT and _CACHE would name host paths). */
const PASSED_ENV = [
  'GENMODELS_QUICK',
  'GENMODELS_BACKEND',
  'GENMODELS_THREADS',
  'GENMODELS_KERNEL_MAX_OUTPUT',
  'LANG',
  'TZ',
];

export const BWRAP_HINT =
  'Install bubblewrap (Debian/Ubuntu: sudo apt-get install bubblewrap; Fedora: sudo dnf install bubblewrap)';

export class SandboxError extends Error {
  override name = 'SandboxError';
}

/** bwrap's path: GENMODELS_BWRAP, else the first `bwrap` on PATH, else /usr/bin/bwrap; null when none runs. */
export function findBwrap(env: NodeJS.ProcessEnv = process.env): string | null {
  const dirs = (env.PATH ?? '').split(':').filter(Boolean);
  const candidates = env.GENMODELS_BWRAP
    ? [env.GENMODELS_BWRAP]
    : [...dirs.map((d) => join(d, 'bwrap')), '/usr/bin/bwrap'];
  return (
    candidates.find((c) => {
      try {
        accessSync(c, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    }) ?? null
  );
}

/** Check that `bwrap` can build this sandbox here (user namespaces may be switched off); throws SandboxError. */
export function checkSandbox(bwrap: string): void {
  const r = spawnSync(
    bwrap,
    [...systemBinds(), '--unshare-all', '--cap-drop', 'ALL', '--die-with-parent', '--', '/bin/true'],
    { encoding: 'utf8', timeout: 30_000 },
  );
  if (r.status !== 0) {
    throw new SandboxError(
      `${bwrap} is installed but cannot create the grading sandbox here: ${(r.stderr || r.error?.message || `exit ${r.status}`).trim()}. ` +
        'It needs unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1) or root; or pass --no-sandbox to grade without one (unsafe with untrusted notebooks).',
    );
  }
}

/** The system, read-only: directories bound, symlinks (merged /usr) recreated as symlinks. */
function systemBinds(): string[] {
  return SYSTEM.filter((p) => existsSync(p)).flatMap((p) =>
    lstatSync(p).isSymbolicLink() ? ['--symlink', readlinkSync(p), p] : ['--ro-bind', p, p],
  );
}

/** Install prefixes of node and python that live outside the system folders (nvm, pyenv, a venv), bound at their own path. */
function runtimeBinds(python: string): string[] {
  const r = spawnSync(python, ['-c', 'import sys; print(sys.prefix); print(sys.base_prefix)'], { encoding: 'utf8' });
  const prefixes = [dirname(dirname(realpathSync(process.execPath))), ...(r.stdout ?? '').split('\n').filter(Boolean)];
  const outside = [...new Set(prefixes)].filter((p) => !SYSTEM.some((s) => p === s || p.startsWith(`${s}/`)));
  return outside.flatMap((p) => ['--ro-bind', p, p]);
}

/** One run's throwaway folders on the host: `work` (the scratch) and `jupyter` (the kernelspec). */
export interface Scratch {
  dir: string;
  work: string;
  jupyter: string;
}

/** Make a run's scratch under os.tmpdir(). Without a sandbox, `work/node_modules` links to the checkout's. */
export function makeScratch(sandboxed: boolean): Scratch {
  const dir = mkdtempSync(join(tmpdir(), 'genmodels-grade-'));
  const scratch = { dir, work: join(dir, 'work'), jupyter: join(dir, 'jupyter') };
  mkdirSync(scratch.work);
  writeKernelSpec(scratch.jupyter, sandboxed ? COURSE : ROOT);
  if (!sandboxed) symlinkSync(join(ROOT, 'node_modules'), join(scratch.work, 'node_modules'));
  return scratch;
}

/** The environment of a run: nothing of the grader's but the course's run-mode variables. */
export function runEnv(
  home: string,
  jupyterPath: string,
  tmp: string,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const passed = Object.fromEntries(PASSED_ENV.filter((k) => env[k] !== undefined).map((k) => [k, env[k]!]));
  return {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    JUPYTER_PATH: jupyterPath,
    TMPDIR: tmp,
    PYTHONDONTWRITEBYTECODE: '1',
    ...passed,
  };
}

/** The same for a run without a sandbox: HOME and TMPDIR in the scratch folder. */
export function plainEnv(scratch: Scratch): Record<string, string> {
  const tmp = join(scratch.dir, 'tmp');
  mkdirSync(tmp, { recursive: true });
  return runEnv(scratch.work, scratch.jupyter, tmp);
}

/** The helper's own arguments (after its script path). */
export type HelperArgs = string[];

/** bwrap and its options, up to (not including) `--` and the command: the sandbox for one run. */
export function sandboxPrefix(bwrap: string, python: string, scratch: Scratch, memoryLimit: number): string[] {
  const course = COURSE_VIEW.flatMap((entry) => {
    const optional = entry.endsWith('?');
    const rel = optional ? entry.slice(0, -1) : entry;
    return [optional ? '--ro-bind-try' : '--ro-bind', join(ROOT, rel), `${COURSE}/${rel}`];
  });
  const env = Object.entries(runEnv(SCRATCH, JUPYTER, '/tmp')).flatMap(([k, v]) => ['--setenv', k, v]);
  return [
    bwrap,
    ...systemBinds(),
    ...runtimeBinds(python),
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--size',
    String(memoryLimit),
    '--tmpfs',
    '/tmp',
    ...course,
    '--ro-bind',
    scratch.jupyter,
    JUPYTER,
    '--ro-bind',
    join(__dirname, '..', 'grade_notebook.py'),
    HELPER,
    '--bind',
    scratch.work,
    SCRATCH,
    '--remount-ro',
    '/',
    '--chdir',
    SCRATCH,
    '--unshare-all',
    '--cap-drop',
    'ALL',
    '--new-session',
    '--die-with-parent',
    '--clearenv',
    ...env,
  ];
}

/** argv that runs the helper inside the sandbox. */
export function sandboxArgv(
  bwrap: string,
  python: string,
  scratch: Scratch,
  helperArgs: HelperArgs,
  memoryLimit: number,
): string[] {
  return [...sandboxPrefix(bwrap, python, scratch, memoryLimit), '--', python, HELPER, ...helperArgs];
}

/** argv that runs the helper without a sandbox (--no-sandbox): same helper, same clean environment. */
export function plainArgv(python: string, helperArgs: HelperArgs): string[] {
  return [python, join(__dirname, '..', 'grade_notebook.py'), ...helperArgs];
}
