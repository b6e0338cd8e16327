/**
 * `npm run notebooks -- [NAMES…] [--full] [--write] [--rerun] [--timeout S]`
 *
 * Executes lecture notebooks headlessly through real Jupyter (nbclient) and the project kernel,
 * in quick mode (GENMODELS_QUICK=1) unless --full, and prints the wall time per notebook.
 * Executed copies go to `.cache/executed/`; --write puts the outputs back into `notebooks/`
 * (how the committed outputs are refreshed), with a record of the run in the notebook's metadata
 * (`genmodels`: the mode and hashes of the code it ran, tools/freshness.ts) that `npm test` checks.
 * --rerun executes every code cell twice in a row, in the same kernel, and fails when the second
 * run errs, as a student re-running cells would.
 *
 *   npm run notebooks                 # all, quick
 *   npm run notebooks -- 00-setup     # one (a prefix such as 00 works too)
 *   npm run notebooks -- --full --write   # refresh every committed notebook
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { codeHash, libraryHash, type RunRecord } from './freshness';
import { findPython, installHint, KERNEL_NAME, registerKernel, ROOT } from './jupyter';

export const NOTEBOOK_DIR = join(ROOT, 'notebooks');
export const EXECUTED_DIR = join(ROOT, '.cache/executed');

export function listNotebooks(): string[] {
  return readdirSync(NOTEBOOK_DIR)
    .filter((f) => f.endsWith('.ipynb'))
    .map((f) => basename(f, '.ipynb'))
    .sort();
}

/**
 * Resolve names, prefixes or paths to notebook files; unknown names are an error listing the
 * known ones.
 */
export function resolveNotebooks(names: string[]): string[] {
  const all = listNotebooks();
  if (names.length === 0) return all.map((a) => join(NOTEBOOK_DIR, `${a}.ipynb`));
  return names.map((n) => {
    if (n.endsWith('.ipynb') && existsSync(n)) return resolve(n);
    const wanted = basename(n, '.ipynb');
    const hits = all.filter((a) => a === wanted || a.startsWith(wanted));
    if (hits.length !== 1) {
      const why = hits.length ? `matches ${hits.join(', ')}` : 'matches no notebook';
      throw new Error(`"${n}" ${why}. Known notebooks: ${all.join(', ')}.`);
    }
    return join(NOTEBOOK_DIR, `${hits[0]}.ipynb`);
  });
}

interface Result {
  name: string;
  ok: boolean;
  seconds: number;
}

interface RunOptions {
  write: boolean;
  rerun: boolean;
  timeout: number;
  mode: RunRecord['mode'];
}

function runOne(python: string, input: string, env: NodeJS.ProcessEnv, opts: RunOptions): Result {
  const name = basename(input, '.ipynb');
  const out = opts.write ? input : join(EXECUTED_DIR, `${name}.ipynb`);
  const record: RunRecord = {
    mode: opts.mode,
    library: libraryHash(),
    code: codeHash(JSON.parse(readFileSync(input, 'utf8')).cells),
  };
  const args = [
    join(__dirname, 'run_notebook.py'),
    input,
    '--out',
    out,
    '--kernel',
    KERNEL_NAME,
    '--timeout',
    String(opts.timeout),
  ];
  args.push('--metadata', JSON.stringify({ genmodels: record }), ...(opts.rerun ? ['--rerun'] : []));
  const t0 = performance.now();
  process.stdout.write(`▶ ${name} … `);
  const r = spawnSync(python, args, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = (performance.now() - t0) / 1000;
  const ok = r.status === 0;
  console.log(`${ok ? 'ok' : 'FAILED'} in ${seconds.toFixed(1)} s`);
  if (!ok) console.error((r.stderr || r.error?.message || '').trimEnd());
  return { name, ok, seconds };
}

function main(): number {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      full: { type: 'boolean', default: false },
      write: { type: 'boolean', default: false },
      rerun: { type: 'boolean', default: false },
      timeout: { type: 'string', default: '600' },
    },
  });
  const timeout = Number(values.timeout);
  if (!Number.isInteger(timeout) || timeout <= 0)
    throw new Error(`--timeout must be a whole number of seconds, got "${values.timeout}".`);
  const notebooks = resolveNotebooks(positionals);
  const python = findPython(['nbclient', 'nbformat', 'jupyter_client']);
  if (!python) throw new Error(installHint('nbclient'));
  const env = { ...registerKernel(), GENMODELS_QUICK: values.full ? '0' : '1' };
  console.log(`Running ${notebooks.length} notebook(s) in ${values.full ? 'full' : 'quick'} mode with ${python}`);
  const results = notebooks.map((nb) =>
    runOne(python, nb, env, {
      write: values.write,
      rerun: values.rerun,
      timeout,
      mode: values.full ? 'full' : 'quick',
    }),
  );
  const failed = results.filter((r) => !r.ok);
  const total = results.reduce((s, r) => s + r.seconds, 0);
  console.log(`\n${results.length - failed.length} passed, ${failed.length} failed (${total.toFixed(1)} s)`);
  return failed.length ? 1 : 0;
}

if (require.main === module) {
  try {
    process.exitCode = main();
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 2;
  }
}
