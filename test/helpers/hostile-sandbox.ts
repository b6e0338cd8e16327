/**
 * Hostile submissions of 03-vae-loss that attack the grader's sandbox, and a snapshot of what lies
 * outside it, to show that grading them changed nothing there.
 *
 * `hostile`: one notebook for several attacks whose effects cannot mix. An extra cell after the
 * setup cell probes, and keeps what each attempt gave in `probe`:
 *   - writes into the checkout root, solutions/ and lib/dist/ (by host path and by /course path),
 *     and into /tmp;
 *   - spawns a detached `sleep 120; touch FILE` (its command line carries the marker, so a
 *     survivor can be found in /proc afterwards);
 *   - the network: DNS, an HTTPS fetch and a raw TCP connect;
 *   - forging the result: fake result lines on its stdout and into each of the helper's open
 *     files through /proc/<helper>/fd, and reading the helper's environ and memory (the key).
 * Its answers then report what they found:
 *   - reparameterize reads solutions/03-vae-loss.ipynb and evaluates the solution's own function
 *     (transpiled by TypeScript). Without the sandbox this scores 4/4; inside, it throws
 *     "solution unreadable: …" with each path's error code;
 *   - klToStdNormal throws with `probe`, so the feedback shows every probe's outcome;
 *   - negativeElbo is correct: the notebook runs to its end inside the sandbox.
 * `hog`: the solution with a cell that allocates 10 GB (touched, so it is resident) before the
 * negative-ELBO answer.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { toLines, type Notebook } from '../../tools/nbgrader';
import { ROOT } from '../helpers';
import { filledIn, withBody } from './submissions';

export const A = '03-vae-loss';

/** Insert a plain code cell (no nbgrader metadata: the grader keeps it) after the cell `afterId`. */
export function withExtraCell(nb: Notebook, afterId: string, source: string): Notebook {
  const i = nb.cells.findIndex((c) => c.metadata.nbgrader?.grade_id === afterId);
  if (i < 0) throw new Error(`no cell ${afterId}`);
  nb.cells.splice(i + 1, 0, {
    cell_type: 'code',
    metadata: {},
    source: toLines(source),
    outputs: [],
    execution_count: null,
  });
  return nb;
}

const probeCell = (marker: string): string => `
const fs = require('node:fs');
const probe: Record<string, string> = {};
const code = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? String(e);
const targets = [${JSON.stringify(ROOT)}, '/course'].flatMap((r) => [r + '/${marker}.txt', r + '/solutions/${marker}.txt', r + '/lib/dist/${marker}.js']);
for (const f of [...targets, '/tmp/${marker}.txt']) {
  try { fs.writeFileSync(f, 'pwned'); probe['write ' + f] = 'written'; } catch (e) { probe['write ' + f] = code(e); }
}
const detached = require('node:child_process').spawn('sh', ['-c', 'sleep 120; touch ${ROOT}/${marker}-detached.txt # ${marker}'], { detached: true, stdio: 'ignore' });
detached.unref();
probe.detached = 'spawned pid ' + detached.pid;
const settle = <T,>(p: Promise<T>) => Promise.race([p.then(() => 'connected', code), new Promise<string>((r) => setTimeout(() => r('timed out'), 5000))]);
probe.dns = await settle(require('node:dns').promises.lookup('registry.npmjs.org'));
probe.fetch = await settle(fetch('https://registry.npmjs.org/'));
probe.tcp = await settle(new Promise((ok, fail) => require('node:net').connect(443, '104.16.0.35').on('connect', ok).on('error', fail)));
const forged = 'GENMODELS-RESULT ' + 'ab'.repeat(32) + ' ' + JSON.stringify({ cells: [1, 2, 3, 4, 5, 6, 7, 8, 9].map((index) => ({ index, status: 'ok' })), kernelStarts: 1 }) + '\\n';
process.stdout.write(forged);
try { fs.writeSync(1, forged); probe.stdout = 'wrote to fd 1'; } catch (e) { probe.stdout = code(e); }
const helper = '/proc/' + process.ppid;
for (const what of ['environ', 'mem']) {
  try { probe[what] = 'read ' + fs.readFileSync(helper + '/' + what).length + ' bytes'; } catch (e) { probe[what] = code(e); }
}
const fds: string[] = fs.readdirSync(helper + '/fd');
const opened = fds.map((n) => { try { fs.writeSync(fs.openSync(helper + '/fd/' + n, 'w'), forged); return 'opened'; } catch (e) { return code(e); } });
probe.fd = [...new Set(opened)].join(',') + ' for ' + fds.length + ' fds';
`;

const cheatingReparameterize = `function reparameterize(zMean: tf.Tensor2D, zLogVar: tf.Tensor2D, source: gm.NoiseSource): tf.Tensor2D {
  const paths = [${JSON.stringify(join(ROOT, 'solutions', `${A}.ipynb`))}, '/course/solutions/${A}.ipynb', '../solutions/${A}.ipynb'];
  const tried: string[] = [];
  for (const p of paths) {
    try {
      const nb = JSON.parse(require('node:fs').readFileSync(p, 'utf8'));
      const src = nb.cells.find((c: any) => c.metadata.nbgrader?.grade_id === 'reparameterize_answer').source.join('');
      const js = require('typescript').transpile(src);
      return new Function('tf', 'gm', js + '; return reparameterize;')(tf, gm)(zMean, zLogVar, source);
    } catch (e) {
      tried.push(p + ': ' + ((e as NodeJS.ErrnoException).code ?? e));
    }
  }
  throw new Error('solution unreadable: ' + tried.join('; '));
}`;

export function hostile(marker: string): Notebook {
  const nb = withExtraCell(filledIn(A), 'setup', probeCell(marker));
  nb.cells.find((c) => c.metadata.nbgrader?.grade_id === 'reparameterize_answer')!.source =
    toLines(cheatingReparameterize);
  return withBody(nb, 'kl_answer', "  throw new Error('probes: ' + JSON.stringify(probe));");
}

export function hog(): Notebook {
  return withExtraCell(
    filledIn(A),
    'kl_tests',
    'const hog: Buffer[] = [];\nfor (let i = 0; i < 10 * 1024; i++) hog.push(Buffer.alloc(2 ** 20, 1)); // 10 GB, every page touched',
  );
}

/**
 * What grading must not change: the content hash of every tracked file, and the names, sizes and
 * mtimes of everything in solutions/, lib/dist/ and kernel/dist/ and at the top of node_modules/
 * (tracked or not). The checkout's root is checked by name (hostile files carry the marker), since
 * other tests may create their own caches there meanwhile.
 */
export function checkoutSnapshot(): Record<string, string> {
  const snap: Record<string, string> = {};
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const f of tracked) {
    const p = join(ROOT, f);
    snap[f] = existsSync(p) ? createHash('sha1').update(readFileSync(p)).digest('hex') : 'absent';
  }
  const list = (dir: string, deep: boolean): void => {
    for (const name of readdirSync(join(ROOT, dir))) {
      const rel = join(dir, name);
      const st = statSync(join(ROOT, rel));
      snap[`ls ${rel}`] = `${st.size} ${st.mtimeMs}`;
      if (deep && st.isDirectory()) list(rel, true);
    }
  };
  list('node_modules', false);
  for (const dir of ['solutions', 'lib/dist', 'kernel/dist', 'packages/tfjs-wasm-fast/dist']) list(dir, true);
  return snap;
}

/** Command lines of live processes that contain `marker`. */
export function processesWith(marker: string): string[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .flatMap((p) => {
      try {
        const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8').replace(/\0/g, ' ');
        return cmd.includes(marker) ? [cmd] : [];
      } catch {
        return [];
      }
    });
}
