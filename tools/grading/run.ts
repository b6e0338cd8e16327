/**
 * Grade one submission: read it, restore its locked cells from the solution, run it in a fresh
 * kernel through tools/grade_notebook.py, and score each test cell (full points when it ran
 * without error, else 0). Never throws for a bad submission: every outcome is a GradeRecord.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../jupyter';
import { NotebookFormatError, readNotebook, type Notebook } from '../nbgrader';
import { safeName, writeAtomic, type GradeRecord, type SubmissionStatus, type TestResult } from './gradebook';
import { restoreSubmission } from './restore';

export interface RunOptions {
  python: string;
  env: NodeJS.ProcessEnv;
  /** seconds one cell may run (default in the CLI: 60) */
  cellTimeout: number;
  /** seconds the whole notebook may run, kernel start included (default in the CLI: 300) */
  notebookTimeout: number;
  /** bytes of output kept per notebook (default in the CLI: 1 MB) */
  outputCap: number;
  /** this run's scratch folder, under WORK_DIR */
  workDir: string;
}

interface CellOutcome {
  index: number;
  status: 'ok' | 'error' | 'aborted' | 'timeout' | 'dead' | 'not-run';
  error?: string;
  truncated?: boolean;
}

/** Where submissions run: inside the checkout, so `import … from 'genmodels'` resolves. */
export const WORK_DIR = join(ROOT, '.cache/grading');

/** The graded cells of a solution: grade_id and points, in order. */
export function testCells(solution: Notebook): { gradeId: string; points: number }[] {
  return solution.cells
    .map((c) => c.metadata?.nbgrader)
    .filter((m) => m?.grade && !m.solution)
    .map((m) => ({ gradeId: m!.grade_id, points: m!.points ?? 0 }));
}

/** A record in which nothing ran: every test scores 0 with the same reason. */
export function unrunRecord(student: string, assignment: string, solution: Notebook | null, status: SubmissionStatus, why: string): GradeRecord {
  const tests: TestResult[] = (solution ? testCells(solution) : []).map((t) => ({ gradeId: t.gradeId, points: 0, maxPoints: t.points, status: 'not-run', error: why }));
  return { student, assignment, status, tests, total: 0, max: tests.reduce((s, t) => s + t.maxPoints, 0), tampering: [], notes: [why], seconds: 0 };
}

const running = new Set<ChildProcess>();

/** Ask every running helper to stop (each shuts its kernel down on SIGTERM). For Ctrl-C. */
export function stopRunning(): void {
  for (const child of running) child.kill('SIGTERM');
}

/** Run the Python helper; resolves with its stderr tail. SIGTERM at the hard limit, SIGKILL 10 s later. */
function runHelper(notebook: string, result: string, opts: RunOptions): Promise<{ code: number | null; stderr: string }> {
  const args = [join(__dirname, '..', 'grade_notebook.py'), notebook, '--result', result, '--cell-timeout', String(opts.cellTimeout),
    '--notebook-timeout', String(opts.notebookTimeout), '--output-cap', String(opts.outputCap)];
  return new Promise((resolve) => {
    const child = spawn(opts.python, args, { env: opts.env, stdio: ['ignore', 'ignore', 'pipe'] });
    running.add(child);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-8000)));
    const term = setTimeout(() => child.kill('SIGTERM'), (opts.notebookTimeout + 90) * 1000);
    const kill = setTimeout(() => child.kill('SIGKILL'), (opts.notebookTimeout + 100) * 1000);
    child.on('close', (code) => {
      running.delete(child);
      clearTimeout(term);
      clearTimeout(kill);
      resolve({ code, stderr });
    });
  });
}

const TEST_STATUS: Record<CellOutcome['status'], TestResult['status']> = {
  ok: 'passed', error: 'failed', aborted: 'aborted', timeout: 'timeout', dead: 'kernel-died', 'not-run': 'not-run',
};

function score(nb: Notebook, outcomes: CellOutcome[]): TestResult[] {
  const byIndex = new Map(outcomes.map((o) => [o.index, o]));
  return nb.cells.flatMap((cell, i) => {
    const meta = cell.metadata?.nbgrader;
    if (!meta?.grade || meta.solution) return [];
    const o = byIndex.get(i) ?? { index: i, status: 'not-run' as const, error: 'the grader has no result for this cell' };
    const passed = o.status === 'ok';
    const t: TestResult = { gradeId: meta.grade_id, points: passed ? meta.points ?? 0 : 0, maxPoints: meta.points ?? 0, status: TEST_STATUS[o.status] };
    return passed ? [t] : [{ ...t, error: o.error }];
  });
}

export async function gradeSubmission(student: string, assignment: string, file: string, solution: Notebook, opts: RunOptions): Promise<GradeRecord> {
  if (!existsSync(file)) return unrunRecord(student, assignment, solution, 'missing', `no ${assignment}.ipynb was submitted`);
  let submission: Notebook;
  try {
    submission = readNotebook(file);
  } catch (err) {
    if (!(err instanceof NotebookFormatError)) throw err;
    return unrunRecord(student, assignment, solution, 'invalid-notebook', err.message);
  }
  const { notebook, tampering, missingAnswers, notes: guardNotes } = restoreSubmission(solution, submission, `solutions/${assignment}.ipynb`);
  const dir = join(opts.workDir, safeName(student));
  const input = join(dir, `${assignment}.ipynb`);
  const result = join(dir, `${assignment}.result.json`);
  writeAtomic(input, JSON.stringify(notebook));
  const t0 = performance.now();
  const { code, stderr } = await runHelper(input, result, opts);
  const seconds = Math.round((performance.now() - t0) / 100) / 10;
  const notes = [...guardNotes, ...missingAnswers.map((id) => `answer cell ${id} was deleted; the unanswered stub ran in its place`)];
  if (code !== 0 || !existsSync(result)) {
    const why = `the grader could not run this notebook (exit ${code}): ${stderr.trim().split('\n').slice(-5).join(' | ')}`;
    return { ...unrunRecord(student, assignment, solution, 'grader-error', why), tampering, seconds };
  }
  const { cells: outcomes, kernelStarts } = JSON.parse(readFileSync(result, 'utf8')) as { cells: CellOutcome[]; kernelStarts: number };
  if (kernelStarts > 1) notes.push(`the kernel needed ${kernelStarts} starts (the first died before running anything)`);
  if (outcomes.some((o) => o.truncated)) notes.push(`output beyond ${opts.outputCap} bytes was dropped`);
  const tests = score(notebook, outcomes);
  const status: SubmissionStatus = outcomes.some((o) => o.status === 'dead') ? 'kernel-died' : outcomes.some((o) => o.status === 'timeout') ? 'timeout' : 'graded';
  const stopped = outcomes.find((o) => o.status === 'dead' || o.status === 'timeout');
  if (stopped) notes.push(`cell ${stopped.index}: ${stopped.error}`);
  const total = tests.reduce((s, t) => s + t.points, 0);
  return { student, assignment, status, tests, total, max: tests.reduce((s, t) => s + t.maxPoints, 0), tampering, notes, seconds };
}
