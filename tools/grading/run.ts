/**
 * Grade one submission: read it, restore its locked cells from the solution, run it in a fresh
 * kernel through tools/grade_notebook.py inside the sandbox (sandbox.ts) under a memory limit
 * (memory.ts), and score each test cell (full points when it ran without error, else 0). Never
 * throws for a bad submission: every outcome is a GradeRecord.
 *
 * The helper gets a fresh random key and the notebook on stdin and answers with one line on a
 * stdout the kernel does not inherit, tagged HMAC-SHA256(key, result): a result is believed only
 * when its tag verifies, so nothing the student's code prints or writes can pass for one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { NotebookFormatError, readNotebook, type Notebook } from '../nbgrader';
import { type GradeRecord, type SubmissionStatus, type TestResult } from './gradebook';
import { formatMemory, RunMemoryLimit, type MemoryControl } from './memory';
import { restoreSubmission } from './restore';
import { makeScratch, plainArgv, plainEnv, sandboxArgv, type Scratch } from './sandbox';

export interface RunOptions {
  python: string;
  /** bwrap's path; null runs without a sandbox (--no-sandbox) */
  bwrap: string | null;
  /** how memory is limited on this machine (memoryControl()) */
  memory: MemoryControl;
  /** bytes all processes of one run may hold (default in the CLI: 4G) */
  memoryLimit: number;
  /** seconds one cell may run (default in the CLI: 60) */
  cellTimeout: number;
  /** seconds the whole notebook may run, kernel start included (default in the CLI: 300) */
  notebookTimeout: number;
  /** bytes of output kept per notebook (default in the CLI: 1 MB) */
  outputCap: number;
}

interface CellOutcome {
  index: number;
  status: 'ok' | 'error' | 'aborted' | 'timeout' | 'dead' | 'not-run';
  error?: string;
  truncated?: boolean;
}

interface HelperResult {
  cells: CellOutcome[];
  kernelStarts: number;
}

export const RESULT_TAG = 'GENMODELS-RESULT';
const STDOUT_CAP = 8 * 2 ** 20;

/** The graded cells of a solution: grade_id and points, in order. */
export function testCells(solution: Notebook): { gradeId: string; points: number }[] {
  return solution.cells
    .map((c) => c.metadata?.nbgrader)
    .filter((m) => m?.grade && !m.solution)
    .map((m) => ({ gradeId: m!.grade_id, points: m!.points ?? 0 }));
}

/** A record in which nothing ran: every test scores 0 with the same reason. */
export function unrunRecord(
  student: string,
  assignment: string,
  solution: Notebook | null,
  status: SubmissionStatus,
  why: string,
): GradeRecord {
  const tests: TestResult[] = (solution ? testCells(solution) : []).map((t) => ({
    gradeId: t.gradeId,
    points: 0,
    maxPoints: t.points,
    status: 'not-run',
    error: why,
  }));
  return {
    student,
    assignment,
    status,
    tests,
    total: 0,
    max: tests.reduce((s, t) => s + t.maxPoints, 0),
    tampering: [],
    notes: [why],
    seconds: 0,
  };
}

const running = new Map<ChildProcess, { limit: RunMemoryLimit; scratch: Scratch }>();

/** Stop every running notebook now and remove its scratch folder. For Ctrl-C. */
export function stopRunning(): void {
  for (const [child, { limit, scratch }] of running) {
    child.kill('SIGKILL');
    limit.killAll();
    rmSync(scratch.dir, { recursive: true, force: true });
  }
}

/** The result line whose tag verifies with `key`, or null. */
export function verifiedResult(stdout: string, key: Buffer): HelperResult | null {
  for (const line of stdout.split('\n').reverse()) {
    const m = new RegExp(`^${RESULT_TAG} ([0-9a-f]{64}) (.*)$`).exec(line);
    if (!m) continue;
    const expected = createHmac('sha256', key).update(m[2]).digest();
    if (timingSafeEqual(expected, Buffer.from(m[1], 'hex'))) return JSON.parse(m[2]) as HelperResult;
  }
  return null;
}

interface HelperRun {
  code: number | null;
  stderr: string;
  result: HelperResult | null;
  overMemory: boolean;
}

/** Run the helper on `notebook` in a fresh scratch folder; SIGKILL at the hard limit (the sandbox dies with it). */
async function runHelper(notebook: Notebook, opts: RunOptions): Promise<HelperRun> {
  const scratch = makeScratch(opts.bwrap !== null);
  const limit = new RunMemoryLimit(opts.memory, opts.memoryLimit);
  const args = [
    '--cell-timeout',
    String(opts.cellTimeout),
    '--notebook-timeout',
    String(opts.notebookTimeout),
    '--output-cap',
    String(opts.outputCap),
  ];
  const argv = [
    ...limit.prefix,
    ...(opts.bwrap
      ? sandboxArgv(opts.bwrap, opts.python, scratch, args, opts.memoryLimit)
      : plainArgv(opts.python, args)),
  ];
  const key = randomBytes(32);
  const env = opts.bwrap ? { PATH: '/usr/bin:/bin' } : plainEnv(scratch);
  const child = spawn(argv[0], argv.slice(1), { env, cwd: scratch.work, stdio: ['pipe', 'pipe', 'pipe'] });
  running.set(child, { limit, scratch });
  if (child.pid) limit.watch(child.pid);
  child.stdin.on('error', () => {}); // a helper that dies at once closes its stdin; its exit code says why
  child.stdin.end(`${key.toString('hex')}\n${JSON.stringify(notebook)}`);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout = stdout.length < STDOUT_CAP ? stdout + d.toString() : stdout));
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-8000)));
  const kill = setTimeout(() => child.kill('SIGKILL'), (opts.notebookTimeout + 90) * 1000);
  const closed = new Promise((resolve) => child.on('close', resolve));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearTimeout(kill);
  running.delete(child);
  const overMemory = limit.exceeded();
  await limit.finish(); // leftovers die here; without a sandbox one may still hold our pipes:
  await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 5000))]);
  child.stdout.destroy();
  child.stderr.destroy();
  rmSync(scratch.dir, { recursive: true, force: true });
  return { code, stderr, result: verifiedResult(stdout, key), overMemory };
}

const TEST_STATUS: Record<CellOutcome['status'], TestResult['status']> = {
  ok: 'passed',
  error: 'failed',
  aborted: 'aborted',
  timeout: 'timeout',
  dead: 'kernel-died',
  'not-run': 'not-run',
};

function score(nb: Notebook, outcomes: CellOutcome[]): TestResult[] {
  const byIndex = new Map(outcomes.map((o) => [o.index, o]));
  return nb.cells.flatMap((cell, i) => {
    const meta = cell.metadata?.nbgrader;
    if (!meta?.grade || meta.solution) return [];
    const o = byIndex.get(i) ?? {
      index: i,
      status: 'not-run' as const,
      error: 'the grader has no result for this cell',
    };
    const passed = o.status === 'ok';
    const t: TestResult = {
      gradeId: meta.grade_id,
      points: passed ? (meta.points ?? 0) : 0,
      maxPoints: meta.points ?? 0,
      status: TEST_STATUS[o.status],
    };
    return passed ? [t] : [{ ...t, error: o.error }];
  });
}

/** The note for a run stopped at the memory limit, naming the cell (and its grade_id) where it stopped. */
/** A cell's number as the graded notebook shows it to people: the guard's own inserted cells not counted. */
function cellNumber(nb: Notebook, index: number): number {
  return nb.cells.slice(0, index).filter((c) => !c.metadata?.genmodels_grader).length;
}

function memoryNote(nb: Notebook, limit: number, index: number | undefined): string {
  const id = index === undefined ? undefined : nb.cells[index]?.metadata?.nbgrader?.grade_id;
  const where = index === undefined ? '' : ` at cell ${cellNumber(nb, index)}${id ? ` (${id})` : ''}`;
  return `the notebook used more than ${formatMemory(limit)} and was stopped${where}`;
}

export async function gradeSubmission(
  student: string,
  assignment: string,
  file: string,
  solution: Notebook,
  opts: RunOptions,
): Promise<GradeRecord> {
  if (!existsSync(file))
    return unrunRecord(student, assignment, solution, 'missing', `no ${assignment}.ipynb was submitted`);
  let submission: Notebook;
  try {
    submission = readNotebook(file);
  } catch (err) {
    if (!(err instanceof NotebookFormatError)) throw err;
    return unrunRecord(student, assignment, solution, 'invalid-notebook', err.message);
  }
  const {
    notebook,
    tampering,
    missingAnswers,
    notes: guardNotes,
  } = restoreSubmission(solution, submission, `solutions/${assignment}.ipynb`);
  const t0 = performance.now();
  const { code, stderr, result, overMemory } = await runHelper(notebook, opts);
  const seconds = Math.round((performance.now() - t0) / 100) / 10;
  const notes = [
    ...guardNotes,
    ...missingAnswers.map((id) => `answer cell ${id} was deleted; the unanswered stub ran in its place`),
  ];
  if (!result) {
    if (overMemory)
      return {
        ...unrunRecord(
          student,
          assignment,
          solution,
          'memory-limit',
          memoryNote(notebook, opts.memoryLimit, undefined),
        ),
        tampering,
        seconds,
      };
    const why = `the grader could not run this notebook (exit ${code}): ${stderr.trim().split('\n').slice(-5).join(' | ')}`;
    return { ...unrunRecord(student, assignment, solution, 'grader-error', why), tampering, seconds };
  }
  const { cells: outcomes, kernelStarts } = result;
  if (kernelStarts > 1) notes.push(`the kernel needed ${kernelStarts} starts (the first died before running anything)`);
  if (outcomes.some((o) => o.truncated)) notes.push(`output beyond ${opts.outputCap} bytes was dropped`);
  const stopped = outcomes.find((o) => o.status === 'dead' || o.status === 'timeout');
  if (overMemory && stopped?.status === 'dead') stopped.error = memoryNote(notebook, opts.memoryLimit, stopped.index);
  const tests = score(notebook, outcomes);
  const status: SubmissionStatus = overMemory
    ? 'memory-limit'
    : outcomes.some((o) => o.status === 'dead')
      ? 'kernel-died'
      : outcomes.some((o) => o.status === 'timeout')
        ? 'timeout'
        : 'graded';
  if (overMemory) notes.push(memoryNote(notebook, opts.memoryLimit, stopped?.index));
  else if (stopped) notes.push(`cell ${cellNumber(notebook, stopped.index)}: ${stopped.error}`);
  const total = tests.reduce((s, t) => s + t.points, 0);
  return {
    student,
    assignment,
    status,
    tests,
    total,
    max: tests.reduce((s, t) => s + t.maxPoints, 0),
    tampering,
    notes,
    seconds,
  };
}
