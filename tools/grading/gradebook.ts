/**
 * Grading records, the gradebook CSV and per-student feedback.
 *
 * One JSON record per (student, assignment) under `OUT/results/`, written atomically the moment
 * that submission is graded; `gradebook.csv` is rebuilt from all records after each one, so an
 * interrupted run loses nothing already graded and a rerun can skip what is done. The same
 * records also go out as Gradescope results.json files and a Canvas import CSV (exports.ts).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { canvasCsv, gradescopeResults } from './exports';

/** graded: ran to the end; the others say why some or all tests could not pass (memory-limit: stopped at --memory-limit). */
export type SubmissionStatus =
  | 'graded'
  | 'timeout'
  | 'memory-limit'
  | 'kernel-died'
  | 'missing'
  | 'invalid-notebook'
  | 'unknown-assignment'
  | 'grader-error';

export interface TestResult {
  gradeId: string;
  points: number;
  maxPoints: number;
  status: 'passed' | 'failed' | 'timeout' | 'aborted' | 'not-run' | 'kernel-died';
  error?: string;
}

export interface GradeRecord {
  student: string;
  assignment: string;
  status: SubmissionStatus;
  tests: TestResult[];
  total: number;
  max: number;
  tampering: string[];
  notes: string[];
  seconds: number;
}

export function writeAtomic(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

/** Student folder names are used as path segments; anything odd is percent-encoded. */
export const safeName = (name: string): string =>
  encodeURIComponent(name).replace(/^\.+/, (m) => '%2E'.repeat(m.length));

export const recordFile = (out: string, student: string, assignment: string): string =>
  join(out, 'results', safeName(student), `${assignment}.json`);

export function saveRecord(out: string, record: GradeRecord): void {
  writeAtomic(recordFile(out, record.student, record.assignment), JSON.stringify(record, null, 1) + '\n');
}

export function loadRecords(out: string): GradeRecord[] {
  const dir = join(out, 'results');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .flatMap((s) =>
      readdirSync(join(dir, s))
        .filter((f) => f.endsWith('.json'))
        .map((f) => join(dir, s, f)),
    )
    .map((f) => JSON.parse(readFileSync(f, 'utf8')) as GradeRecord)
    .sort((a, b) => a.student.localeCompare(b.student) || a.assignment.localeCompare(b.assignment));
}

function csvField(v: string | number): string {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row per (student, assignment); one column per test, named `assignment:grade_id`. */
export function gradebookCsv(records: GradeRecord[], testColumns: string[]): string {
  const header = ['student', 'assignment', ...testColumns, 'total', 'max', 'status', 'tampering'];
  const rows = records.map((r) => {
    const points = new Map(r.tests.map((t) => [`${r.assignment}:${t.gradeId}`, t.points]));
    const cells = testColumns.map((c) => points.get(c) ?? '');
    return [r.student, r.assignment, ...cells, r.total, r.max, r.status, r.tampering.join('; ')];
  });
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}

/** Markdown feedback for one submission: the score, each test's result and error, tampering. */
export function feedbackMarkdown(r: GradeRecord): string {
  const lines = [`# ${r.assignment}: ${r.student}`, '', `**Score: ${r.total} / ${r.max}** (status: ${r.status})`, ''];
  if (r.tampering.length)
    lines.push(
      '**Locked cells were changed.** The original cells were run instead:',
      ...r.tampering.map((t) => `- ${t}`),
      '',
    );
  if (r.notes.length) lines.push(...r.notes.map((n) => `- ${n}`), '');
  if (r.tests.length)
    lines.push(
      '| test | points | result |',
      '|---|---|---|',
      ...r.tests.map((t) => `| ${t.gradeId} | ${t.points} / ${t.maxPoints} | ${t.status} |`),
      '',
    );
  for (const t of r.tests.filter((t) => t.error)) {
    lines.push(`## ${t.gradeId}: ${t.status}`, '', '```', (t.error ?? '').replace(/```/g, "'''"), '```', '');
  }
  return lines.join('\n');
}

export function writeOutputs(out: string, record: GradeRecord, testColumns: string[]): void {
  saveRecord(out, record);
  writeAtomic(join(out, 'feedback', safeName(record.student), `${record.assignment}.md`), feedbackMarkdown(record));
  writeAtomic(
    join(out, 'gradescope', safeName(record.student), record.assignment, 'results.json'),
    gradescopeResults(record),
  );
  const all = loadRecords(out);
  writeAtomic(join(out, 'gradebook.csv'), gradebookCsv(all, testColumns));
  writeAtomic(join(out, 'canvas.csv'), canvasCsv(all));
}
