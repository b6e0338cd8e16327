/**
 * `npm run exercises [-- --check | --release DIR]`
 *
 * Regenerates `exercises/` from `solutions/` (the single source): each solution notebook becomes
 * its student version (see nbgrader.ts). With --check nothing is written; the exit code is 1 when
 * any exercise is missing, stale or has no solution, and the files are named. --release DIR
 * writes the student bundle, the course without solutions, hidden tests or grader (release.ts).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './jupyter';
import { NotebookFormatError, readNotebook, serializeNotebook, toExercise } from './nbgrader';

export const SOLUTIONS_DIR = join(ROOT, 'solutions');
export const EXERCISES_DIR = join(ROOT, 'exercises');

/** Assignment names: the solution notebooks' file names without `.ipynb`, sorted. */
export function listAssignments(dir = SOLUTIONS_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ipynb'))
    .map((f) => f.slice(0, -'.ipynb'.length))
    .sort();
}

/** What `exercises/` should hold: file name → contents. */
export function expectedExercises(solutions = SOLUTIONS_DIR): Map<string, string> {
  return new Map(
    listAssignments(solutions).map((a) => {
      const file = join(solutions, `${a}.ipynb`);
      return [`${a}.ipynb`, serializeNotebook(toExercise(readNotebook(file), file))];
    }),
  );
}

/** Problems with `exercises/` relative to `solutions/`, as human-readable lines; empty when in sync. */
export function checkExercises(solutions = SOLUTIONS_DIR, exercises = EXERCISES_DIR): string[] {
  const expected = expectedExercises(solutions);
  const present = existsSync(exercises) ? readdirSync(exercises).filter((f) => f.endsWith('.ipynb')) : [];
  const problems = present.filter((f) => !expected.has(f)).map((f) => `${f}: no solutions/${f} it comes from`);
  for (const [f, text] of expected) {
    const file = join(exercises, f);
    if (!existsSync(file)) problems.push(`${f}: missing`);
    else if (readFileSync(file, 'utf8') !== text) problems.push(`${f}: out of date`);
  }
  return problems;
}

/** Write every exercise and remove orphans; returns the files written. */
export function writeExercises(solutions = SOLUTIONS_DIR, exercises = EXERCISES_DIR): string[] {
  const expected = expectedExercises(solutions);
  mkdirSync(exercises, { recursive: true });
  for (const f of readdirSync(exercises)) if (f.endsWith('.ipynb') && !expected.has(f)) unlinkSync(join(exercises, f));
  for (const [f, text] of expected) writeFileSync(join(exercises, f), text);
  return [...expected.keys()];
}

function main(): number {
  const { values } = parseArgs({
    options: { check: { type: 'boolean', default: false }, release: { type: 'string' } },
  });
  if (values.release !== undefined) {
    // required here, not imported: release.ts imports this file
    const { release } = require('./release') as typeof import('./release');
    const n = release(values.release);
    console.log(`Wrote the student bundle to ${values.release}: ${n} files, no solutions/, hidden tests or grader.`);
    console.log('Students: cd there, then `npm install && npm start`.');
    return 0;
  }
  if (values.check) {
    const problems = checkExercises();
    if (problems.length === 0) {
      console.log(`exercises/ is in sync with solutions/ (${listAssignments().length} assignments).`);
      return 0;
    }
    console.error(
      `exercises/ is out of sync with solutions/:\n  ${problems.join('\n  ')}\nRun \`npm run exercises\` and commit the result.`,
    );
    return 1;
  }
  const written = writeExercises();
  console.log(`Wrote ${written.length} exercise notebook(s) to exercises/: ${written.join(', ')}`);
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main();
  } catch (err) {
    console.error(err instanceof NotebookFormatError || err instanceof Error ? `${err.name}: ${err.message}` : err);
    process.exitCode = 2;
  }
}
