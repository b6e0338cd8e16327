/**
 * Rebuild a submission for grading from the solution notebook, so only answers come from the student.
 *
 * The graded notebook follows the solution's cell order:
 *   locked cells (tests with their hidden part, setup, read-only)  → the solution's own source
 *   answer cells (nbgrader solution: true)                          → the student's cell, by grade_id
 *   the student's own extra code cells (no nbgrader metadata)       → kept, after the answer or
 *                                                                      locked cell they followed
 * Tampering is any locked cell the student deleted or whose source differs from the exercise
 * handed out; it is reported, and cannot change the score because the original runs anyway.
 */
import { exerciseCell, sourceOf, type Cell, type Notebook } from '../nbgrader';

export interface Restored {
  notebook: Notebook;
  /** e.g. "deleted test cell masking_tests", "edited test cell masking_tests" */
  tampering: string[];
  /** answer cells the student deleted (the stub runs in their place) */
  missingAnswers: string[];
}

const gradeId = (c: Cell): string | undefined => c.metadata?.nbgrader?.grade_id;

/** The student's extra code cells, keyed by the grade_id of the nearest known cell above ('' = top). */
function extraCells(submission: Notebook, known: Set<string>): Map<string, Cell[]> {
  const extras = new Map<string, Cell[]>();
  let anchor = '';
  for (const cell of submission.cells) {
    const id = gradeId(cell);
    if (id && known.has(id)) anchor = id;
    else if (cell.cell_type === 'code' && !id) extras.set(anchor, [...(extras.get(anchor) ?? []), { ...cell, outputs: [], execution_count: null }]);
  }
  return extras;
}

function describe(cell: Cell): string {
  return cell.metadata.nbgrader?.grade ? 'test cell' : 'read-only cell';
}

export function restoreSubmission(solution: Notebook, submission: Notebook, file = 'solution'): Restored {
  const byId = new Map<string, Cell>();
  for (const cell of submission.cells) {
    const id = gradeId(cell);
    if (id && !byId.has(id)) byId.set(id, cell);
  }
  const known = new Set(solution.cells.map(gradeId).filter((id): id is string => !!id));
  const extras = extraCells(submission, known);
  const tampering: string[] = [];
  const missingAnswers: string[] = [];
  const cells: Cell[] = [...(extras.get('') ?? [])];
  solution.cells.forEach((cell, i) => {
    const meta = cell.metadata?.nbgrader;
    if (!meta) {
      cells.push(cell);
      return;
    }
    const theirs = byId.get(meta.grade_id);
    if (meta.solution) {
      if (!theirs) missingAnswers.push(meta.grade_id);
      const answer = theirs ?? exerciseCell(cell, `${file}, cell ${i}`);
      cells.push({ ...answer, cell_type: 'code', outputs: [], execution_count: null, metadata: { ...answer.metadata, nbgrader: meta } });
    } else {
      const handedOut = sourceOf(exerciseCell(cell, `${file}, cell ${i}`));
      if (!theirs) tampering.push(`deleted ${describe(cell)} ${meta.grade_id}`);
      else if (sourceOf(theirs) !== handedOut) tampering.push(`edited ${describe(cell)} ${meta.grade_id}`);
      cells.push(cell);
    }
    cells.push(...(extras.get(meta.grade_id) ?? []));
  });
  return { notebook: { ...solution, cells }, tampering, missingAnswers };
}
