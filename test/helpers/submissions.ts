/**
 * Fixture submissions, built from the committed notebooks the way students make them: the exercise
 * handed out, with answer cells filled in (or broken, or locked cells tampered with).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sourceOf, toLines, type Cell, type Notebook } from '../../tools/nbgrader';
import { ROOT } from '../helpers';

export const read = (dir: 'solutions' | 'exercises', assignment: string): Notebook =>
  JSON.parse(readFileSync(join(ROOT, dir, `${assignment}.ipynb`), 'utf8')) as Notebook;

const byId = (nb: Notebook, id: string): Cell => {
  const cell = nb.cells.find((c) => c.metadata.nbgrader?.grade_id === id);
  if (!cell) throw new Error(`no cell ${id}`);
  return cell;
};

/** The exercise with every answer cell replaced by the solution's: a correct, untampered submission. */
export function filledIn(assignment: string): Notebook {
  const solution = read('solutions', assignment);
  const nb = read('exercises', assignment);
  for (const cell of nb.cells) {
    if (cell.metadata.nbgrader?.solution) cell.source = byId(solution, cell.metadata.nbgrader.grade_id).source;
  }
  return nb;
}

/** Replace the body between the first `{` line end and the last `}` of an answer cell's function. */
export function withBody(nb: Notebook, id: string, body: string): Notebook {
  const cell = byId(nb, id);
  const src = sourceOf(cell);
  const head = src.slice(0, src.indexOf('{\n') + 2);
  cell.source = toLines(`${head}${body}\n}`);
  return nb;
}

export function withSource(nb: Notebook, id: string, source: string): Notebook {
  byId(nb, id).source = toLines(source);
  return nb;
}

export function without(nb: Notebook, id: string): Notebook {
  nb.cells = nb.cells.filter((c) => c.metadata.nbgrader?.grade_id !== id);
  return nb;
}

export function writeSubmission(dir: string, student: string, name: string, content: Notebook | string): void {
  mkdirSync(join(dir, student), { recursive: true });
  writeFileSync(join(dir, student, name), typeof content === 'string' ? content : JSON.stringify(content));
}
