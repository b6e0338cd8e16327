/**
 * `npm run grade -- SUBMISSIONS_DIR [--assignment NAME] [--out DIR] [--force]
 *                  [--cell-timeout S] [--notebook-timeout S] [--output-cap BYTES] [--jobs N]`
 *
 * Autogrades `SUBMISSIONS_DIR/<student>/<assignment>.ipynb` against `solutions/`: locked cells
 * (hidden tests included) are restored, each notebook runs in a fresh kernel, each test cell
 * scores its points when it runs without error. Writes, as it goes, OUT/gradebook.csv,
 * OUT/feedback/<student>/<assignment>.md and OUT/results/ (what a rerun skips unless --force).
 * OUT defaults to `grades` in the current directory; --jobs runs N notebooks at once (default 1).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { listAssignments, SOLUTIONS_DIR } from './exercises';
import { findPython, installHint, registerKernel } from './jupyter';
import { readNotebook, type Notebook } from './nbgrader';
import { loadRecords, recordFile, writeOutputs, type GradeRecord } from './grading/gradebook';
import { gradeSubmission, stopRunning, testCells, unrunRecord, WORK_DIR, type RunOptions } from './grading/run';

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
  run: Omit<RunOptions, 'workDir'>;
}

function positiveInt(name: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} must be a positive whole number, got "${v}".`);
  return n;
}

/** Every (student, expected assignment) pair, plus notebooks named after no assignment. Dot folders are skipped. */
function findJobs(dir: string, assignments: string[], only: string | undefined): Job[] {
  const students = readdirSync(dir).filter((s) => !s.startsWith('.') && statSync(join(dir, s)).isDirectory()).sort();
  if (students.length === 0) throw new UsageError(`${dir} has no student folders. Expected ${dir}/<student>/<assignment>.ipynb.`);
  return students.flatMap((student) => {
    const expected = (only ? [only] : assignments).map((assignment) => ({ student, assignment, file: join(dir, student, `${assignment}.ipynb`) }));
    const strays = only ? [] : readdirSync(join(dir, student))
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
      jobs: { type: 'string', default: '1' },
    },
  });
  if (positionals.length !== 1) throw new UsageError('usage: npm run grade -- SUBMISSIONS_DIR [--assignment NAME] [--out DIR] [--force]');
  const dir = resolve(positionals[0]);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${dir} is not a folder. Expected SUBMISSIONS_DIR/<student>/<assignment>.ipynb.`);
  if (values.assignment && !assignments.includes(values.assignment)) {
    throw new UsageError(`--assignment "${values.assignment}" is not an assignment. Known: ${assignments.join(', ')}.`);
  }
  const python = findPython(['nbclient', 'nbformat', 'jupyter_client']);
  if (!python) throw new UsageError(installHint('nbclient'));
  const run = {
    python,
    env: registerKernel(),
    cellTimeout: positiveInt('cell-timeout', values['cell-timeout']!),
    notebookTimeout: positiveInt('notebook-timeout', values['notebook-timeout']!),
    outputCap: positiveInt('output-cap', values['output-cap']!),
  };
  const jobs = findJobs(dir, assignments, values.assignment);
  return { jobs, out: resolve(values.out!), force: values.force!, jobCount: positiveInt('jobs', values.jobs!), run };
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
  const solutions = new Map<string, Notebook>(assignments.map((a) => [a, readNotebook(join(SOLUTIONS_DIR, `${a}.ipynb`))]));
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
        : unrunRecord(student, assignment, null, 'unknown-assignment', `${assignment}.ipynb is not an assignment. Known: ${assignments.join(', ')}.`);
      writeOutputs(out, record, columns);
      const flags = [record.status !== 'graded' ? record.status : '', record.tampering.length ? 'TAMPERED' : ''].filter(Boolean).join(', ');
      console.log(`${label} … ${record.total}/${record.max}${flags ? ` (${flags})` : ''} in ${record.seconds.toFixed(1)} s`);
    }
  };
  await Promise.all(Array.from({ length: plan.jobCount }, worker));
}

async function main(): Promise<number> {
  const assignments = listAssignments();
  const plan = parseCommandLine(assignments);
  console.log(`Grading ${plan.jobs.length} submission(s) into ${plan.out}`);
  mkdirSync(WORK_DIR, { recursive: true });
  const workDir = mkdtempSync(join(WORK_DIR, 'run-'));
  process.once('SIGINT', () => {
    stopRunning();
    rmSync(workDir, { recursive: true, force: true });
    console.log(`\nInterrupted. Everything graded so far is in ${plan.out}; run the same command again to continue.`);
    process.exit(130);
  });
  try {
    await gradeAll(plan, assignments, { ...plan.run, workDir });
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  console.log(`\n${summarize(loadRecords(plan.out))}\nGradebook: ${join(plan.out, 'gradebook.csv')}; feedback in ${join(plan.out, 'feedback')}`);
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => (process.exitCode = code),
    (err) => {
      console.error(err instanceof UsageError ? err.message : err instanceof Error ? `grade failed: ${err.message}` : err);
      process.exitCode = 2;
    },
  );
}
