/**
 * The gradebook in the formats learning platforms import.
 *
 * Gradescope: its autograder specification reads one `results.json` per submission,
 *   { score, execution_time, output, visibility, tests: [{ name, score, max_score, status, output, visibility }] }
 * so each (student, assignment) gets OUT/gradescope/<student>/<assignment>/results.json; a
 * Gradescope autograder wrapper can grade one submission with `npm run grade` and copy that file
 * to /autograder/results/results.json.
 *
 * Canvas: its gradebook import takes a CSV with the columns Student, ID, SIS User ID, SIS Login
 * ID, Section, then one column per assignment (a column whose name matches no assignment creates
 * one), and an optional first data row "Points Possible". Students are matched by their IDs;
 * the submission folders' names go in "SIS Login ID", so name the folders by login.
 */
import type { GradeRecord } from './gradebook';

/** One submission as Gradescope's results.json. */
export function gradescopeResults(r: GradeRecord): string {
  const lines = [
    `Score: ${r.total} / ${r.max} (status: ${r.status})`,
    ...r.tampering.map((t) => `Locked cell changed: ${t}`),
    ...r.notes,
  ];
  const results = {
    score: r.total,
    execution_time: Math.round(r.seconds),
    output: lines.join('\n'),
    visibility: 'visible',
    tests: r.tests.map((t) => ({
      name: t.gradeId,
      score: t.points,
      max_score: t.maxPoints,
      status: t.status === 'passed' ? 'passed' : 'failed',
      output: t.error ?? (t.status === 'passed' ? '' : t.status),
      visibility: 'visible',
    })),
  };
  return `${JSON.stringify(results, null, 1)}\n`;
}

function csvField(v: string | number): string {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Every student's totals, one column per assignment, as Canvas imports them. */
export function canvasCsv(records: GradeRecord[]): string {
  const assignments = [...new Set(records.map((r) => r.assignment))].sort();
  const students = [...new Set(records.map((r) => r.student))].sort();
  const total = new Map(records.map((r) => [`${r.student}\0${r.assignment}`, r.total]));
  const possible = assignments.map((a) => Math.max(0, ...records.filter((r) => r.assignment === a).map((r) => r.max)));
  const header = ['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', ...assignments];
  const rows = [
    ['Points Possible', '', '', '', '', ...possible],
    ...students.map((s) => [s, '', '', s, '', ...assignments.map((a) => total.get(`${s}\0${a}`) ?? '')]),
  ];
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}
