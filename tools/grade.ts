/**
 * `npm run grade -- SUBMISSIONS_DIR [--assignment NAME] [--out DIR] [--force]
 *                  [--cell-timeout S] [--notebook-timeout S] [--output-cap BYTES] [--jobs N]
 *                  [--memory-limit SIZE] [--no-sandbox]`
 *
 * Autogrades `SUBMISSIONS_DIR/<student>/<assignment>.ipynb` against `solutions/`: locked cells
 * (hidden tests included) are restored, each notebook runs in a fresh kernel inside a bubblewrap
 * sandbox (grading/sandbox.ts) under a memory limit (grading/memory.ts, default 4G), each test
 * cell scores its points when it runs without error. Writes, as it goes, OUT/gradebook.csv,
 * OUT/feedback/<student>/<assignment>.md and OUT/results/ (what a rerun skips unless --force).
 * OUT defaults to `grades` in the current directory; --jobs runs N notebooks at once (default:
 * the number of cores). Without bwrap it refuses to start unless --no-sandbox is given.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { listAssignments, SOLUTIONS_DIR } from './exercises';
import { findPython, installHint } from './jupyter';
import { readNotebook, type Notebook } from './nbgrader';
import { loadRecords, recordFile, writeOutputs, type GradeRecord } from './grading/gradebook';
import { formatMemory, memoryControl, MemoryLimitError, parseMemory } from './grading/memory';
import { gradeSubmission, stopRunning, testCells, unrunRecord, type RunOptions } from './grading/run';
import { BWRAP_HINT, checkSandbox, findBwrap, SandboxError } from './grading/sandbox';

class UsageError extends Error {}

interface Job {
  student: string;
  assignment: string;
  file: string;
}

interface Plan {
  jobs: Job[];
  out: string;
  force: boolean;
  jobCount: number;
  run: RunOptions;
}

function positiveInt(name: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} must be a positive whole number, got "${v}".`);
  return n;
}

/** Every (student, expected assignment) pair, plus notebooks named after no assignment. Dot folders are skipped. */
function findJobs(dir: string, assignments: string[], only: string | undefined): Job[] {
  const students = readdirSync(dir)
    .filter((s) => !s.startsWith('.') && statSync(join(dir, s)).isDirectory())
    .sort();
  if (students.length === 0)
    throw new UsageError(`${dir} has no student folders. Expected ${dir}/<student>/<assignment>.ipynb.`);
  return students.flatMap((student) => {
    const expected = (only ? [only] : assignments).map((assignment) => ({
      student,
      assignment,
      file: join(dir, student, `${assignment}.ipynb`),
    }));
    const strays = only
      ? []
      : readdirSync(join(dir, student))
          .filter((f) => f.endsWith('.ipynb') && !assignments.includes(f.slice(0, -6)))
          .map((f) => ({ student, assignment: f.slice(0, -6), file: join(dir, student, f) }));
    return [...expected, ...strays];
  });
}

function parseCommandLine(assignments: string[]): Plan {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      assignment: { type: 'string' },
      out: { type: 'string', default: 'grades' },
      force: { type: 'boolean', default: false },
      'cell-timeout': { type: 'string', default: '60' },
      'notebook-timeout': { type: 'string', default: '300' },
      'output-cap': { type: 'string', default: '1000000' },
      jobs: { type: 'string', default: String(availableParallelism()) },
      'memory-limit': { type: 'string', default: '4G' },
      'no-sandbox': { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1)
    throw new UsageError('usage: npm run grade -- SUBMISSIONS_DIR [--assignment NAME] [--out DIR] [--force]');
  const dir = resolve(positionals[0]);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UsageError(`${dir} is not a folder. Expected SUBMISSIONS_DIR/<student>/<assignment>.ipynb.`);
  if (values.assignment && !assignments.includes(values.assignment)) {
    throw new UsageError(`--assignment "${values.assignment}" is not an assignment. Known: ${assignments.join(', ')}.`);
  }
  const python = findPython(['nbclient', 'nbformat', 'jupyter_client']);
  if (!python) throw new UsageError(installHint('nbclient'));
  const run: RunOptions = {
    python,
    bwrap: sandbox(values['no-sandbox']!),
    memory: memoryControl(process.env.GENMODELS_MEMORY_CONTROL),
    memoryLimit: parseMemory(values['memory-limit']!),
    cellTimeout: positiveInt('cell-timeout', values['cell-timeout']!),
    notebookTimeout: positiveInt('notebook-timeout', values['notebook-timeout']!),
    outputCap: positiveInt('output-cap', values['output-cap']!),
  };
  const jobs = findJobs(dir, assignments, values.assignment);
  return { jobs, out: resolve(values.out!), force: values.force!, jobCount: positiveInt('jobs', values.jobs!), run };
}

/** bwrap's path, checked to work; null with --no-sandbox (warned about once). Refuses without bwrap. */
function sandbox(noSandbox: boolean): string | null {
  if (noSandbox) {
    console.warn(
      "WARNING: --no-sandbox: submissions run with your user's full access to this checkout (solutions/ included), your files and the network. Use it only for notebooks you trust.",
    );
    return null;
  }
  const bwrap = findBwrap();
  if (!bwrap) {
    throw new UsageError(
      `Grading runs every submission in a bubblewrap sandbox, and bwrap was not found. ${BWRAP_HINT}, or pass --no-sandbox to grade without one (unsafe with untrusted notebooks).`,
    );
  }
  checkSandbox(bwrap);
  return bwrap;
}

function summarize(records: GradeRecord[]): string {
  const byStatus = new Map<string, number>();
  for (const r of records) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
  const tampered = records.filter((r) => r.tampering.length).length;
  const statuses = [...byStatus].map(([s, n]) => `${n} ${s}`).join(', ');
  return `${records.length} submission(s): ${statuses}${tampered ? `; ${tampered} with tampered locked cells` : ''}`;
}

/** Grade every job with `jobCount` workers; each record is written the moment it is done. */
async function gradeAll(plan: Plan, assignments: string[], opts: RunOptions): Promise<void> {
  const solutions = new Map<string, Notebook>(
    assignments.map((a) => [a, readNotebook(join(SOLUTIONS_DIR, `${a}.ipynb`))]),
  );
  const columns = assignments.flatMap((a) => testCells(solutions.get(a)!).map((t) => `${a}:${t.gradeId}`));
  const { jobs, out } = plan;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      const { student, assignment, file } = jobs[i];
      const label = `[${i + 1}/${jobs.length}] ${student}/${assignment}`;
      if (!plan.force && existsSync(recordFile(out, student, assignment))) {
        console.log(`${label} … already graded (--force regrades)`);
        continue;
      }
      const solution = solutions.get(assignment);
      const record = solution
        ? await gradeSubmission(student, assignment, file, solution, opts)
        : unrunRecord(
            student,
            assignment,
            null,
            'unknown-assignment',
            `${assignment}.ipynb is not an assignment. Known: ${assignments.join(', ')}.`,
          );
      writeOutputs(out, record, columns);
      const flags = [record.status !== 'graded' ? record.status : '', record.tampering.length ? 'TAMPERED' : '']
        .filter(Boolean)
        .join(', ');
      console.log(
        `${label} … ${record.total}/${record.max}${flags ? ` (${flags})` : ''} in ${record.seconds.toFixed(1)} s`,
      );
    }
  };
  await Promise.all(Array.from({ length: plan.jobCount }, worker));
}

async function main(): Promise<number> {
  const assignments = listAssignments();
  const plan = parseCommandLine(assignments);
  const { bwrap, memory, memoryLimit } = plan.run;
  const limiter = memory.kind === 'poll' ? `polling each run's memory every 200 ms` : `a ${memory.kind} memory cgroup`;
  console.log(
    `Grading ${plan.jobs.length} submission(s) into ${plan.out}, ${plan.jobCount} at a time, ` +
      `${bwrap ? 'each in a bwrap sandbox' : 'WITHOUT a sandbox'}, memory limit ${formatMemory(memoryLimit)} (${limiter})`,
  );
  process.once('SIGINT', () => {
    stopRunning();
    console.log(`\nInterrupted. Everything graded so far is in ${plan.out}; run the same command again to continue.`);
    process.exit(130);
  });
  await gradeAll(plan, assignments, plan.run);
  console.log(
    `\n${summarize(loadRecords(plan.out))}\nGradebook: ${join(plan.out, 'gradebook.csv')}; feedback in ${join(plan.out, 'feedback')}`,
  );
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => (process.exitCode = code),
    (err) => {
      const known = err instanceof UsageError || err instanceof SandboxError || err instanceof MemoryLimitError;
      console.error(known ? err.message : err instanceof Error ? `grade failed: ${err.message}` : err);
      process.exitCode = 2;
    },
  );
}
