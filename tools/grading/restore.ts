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
 * Sources are compared as Jupyter may re-save them (line endings, trailing spaces and blank lines
 * normalised), and a locked cell identical to the solution's (the solution notebook submitted as
 * is, hidden tests and all) is no edit either.
 *
 * Then ./rewrite.ts adds the guard's prelude and capture cells and rewrites the tests, so nothing a
 * student cell does can change what the tests see (see ./guard.js).
 */
import { exerciseCell, sourceOf, type Cell, type Notebook } from '../nbgrader';
import { guardNotebook, topLevel } from './rewrite';

export interface Restored {
  notebook: Notebook;
  /** e.g. "deleted test cell masking_tests", "edited test cell masking_tests" */
  tampering: string[];
  /** answer cells the student deleted (the stub runs in their place) */
  missingAnswers: string[];
  /** sentences for the feedback about student cells the grader did not run */
  notes: string[];
}

const gradeId = (c: Cell): string | undefined => c.metadata?.nbgrader?.grade_id;

/** The student's extra code cells, keyed by the grade_id of the nearest known cell above ('' = top). */
function extraCells(submission: Notebook, known: Set<string>): Map<string, Cell[]> {
  const extras = new Map<string, Cell[]>();
  let anchor = '';
  for (const cell of submission.cells) {
    const id = gradeId(cell);
    if (id && known.has(id)) anchor = id;
    else if (cell.cell_type === 'code' && !id)
      extras.set(anchor, [...(extras.get(anchor) ?? []), { ...cell, outputs: [], execution_count: null }]);
  }
  return extras;
}

/** A cell's source as Jupyter may re-save it: LF line ends, no trailing spaces, no trailing blank lines. */
const normalized = (text: string): string =>
  text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n+$/, '');

/** Whether the student's locked cell is the one handed out, or the solution's own (hidden tests and all). */
function unchanged(theirs: Cell, handedOut: string, solution: Cell): boolean {
  const text = normalized(sourceOf(theirs));
  return text === normalized(handedOut) || text === normalized(sourceOf(solution));
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
      cells.push({
        ...answer,
        cell_type: 'code',
        outputs: [],
        execution_count: null,
        metadata: { ...answer.metadata, nbgrader: meta },
      });
    } else {
      const handedOut = sourceOf(exerciseCell(cell, `${file}, cell ${i}`));
      if (!theirs) tampering.push(`deleted ${describe(cell)} ${meta.grade_id}`);
      else if (!unchanged(theirs, handedOut, cell)) tampering.push(`edited ${describe(cell)} ${meta.grade_id}`);
      cells.push(cell);
    }
    cells.push(...(extras.get(meta.grade_id) ?? []));
  });
  const answers = solution.cells
    .filter((c) => c.metadata?.nbgrader?.solution)
    .flatMap((c) => topLevel(sourceOf(c)).names);
  const guarded = guardNotebook(cells, answers);
  return { notebook: { ...solution, cells: guarded.cells }, tampering, missingAnswers, notes: guarded.notes };
}
