/**
 * The student bundle: `npm run exercises -- --release DIR`.
 *
 * Students get the course without its answers. The bundle is this checkout's tracked files minus
 * what only instructors may hold: `solutions/` (answers and hidden tests), the grader and the
 * exercise generator (which read solutions), their tests, and CI. `exercises/` is written fresh
 * from the solutions, so it cannot be stale. Every bundled notebook is then checked for solution
 * and hidden-test markers, and every relative import of a bundled TypeScript file must resolve
 * inside the bundle, so `npm install && npm start` and `npm test` work there as in the course.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { expectedExercises } from './exercises';
import { ROOT } from './jupyter';

export class ReleaseError extends Error {
  override name = 'ReleaseError';
}

/** Instructor-only paths (prefixes of repository-relative paths). */
const INSTRUCTOR_ONLY = [
  'solutions/',
  'exercises/', // rewritten from solutions below
  '.ci/',
  'tools/grade',
  'tools/grading/',
  'tools/nbgrader.ts',
  'tools/exercises.ts',
  'tools/release.ts',
  'test/grade',
  'test/exercises.test.ts',
  'test/release.test.ts',
  'test/helpers/submissions.ts',
  'test/helpers/hostile-sandbox.ts',
  'test/helpers/hostile-forge.ts',
  'test/fixtures/grading/',
];
/** npm scripts that need instructor-only files. */
const INSTRUCTOR_SCRIPTS = ['exercises', 'grade'];
/** Text that only a solution notebook holds (nbgrader's markers). */
const MARKERS = ['BEGIN SOLUTION', 'END SOLUTION', 'BEGIN HIDDEN TESTS', 'END HIDDEN TESTS'];

function tracked(root: string): string[] {
  try {
    return execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
  } catch (err) {
    throw new ReleaseError(
      `--release copies the files git tracks, but ${root} is not a git checkout (${(err as Error).message.split('\n')[0]}).`,
    );
  }
}

/** The bundle's files, as repository-relative paths. */
export function bundleFiles(root = ROOT): string[] {
  return tracked(root).filter((f) => !INSTRUCTOR_ONLY.some((p) => f.startsWith(p)));
}

function checkTarget(dir: string, root: string): void {
  const rel = relative(root, dir);
  if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) {
    throw new ReleaseError(`the bundle must be written outside the course checkout (${root}); got ${dir}.`);
  }
  if (existsSync(dir) && readdirSync(dir).length > 0)
    throw new ReleaseError(`${dir} is not empty; give a new or empty directory.`);
}

/** Relative imports (`from './x'`, `require('../y')`) of a TypeScript file that do not resolve among `files`. */
function unresolved(file: string, text: string, files: Set<string>): string[] {
  const specs = [...text.matchAll(/(?:from|require\(|import\()\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]);
  return specs.filter((spec) => {
    const base = join(dirname(file), spec);
    if (/(^|\/)dist\//.test(base)) return false; // build output (npm install builds it), not a tracked file
    return ![base, `${base}.ts`, `${base}/index.ts`, base.replace(/\.js$/, '.ts')].some((c) => files.has(c));
  });
}

/** Refuse a bundle that leaks an answer or misses a file it imports. */
export function checkBundle(dir: string): void {
  const files = listFiles(dir);
  const set = new Set(files);
  const leaks = files.filter(
    (f) => f.endsWith('.ipynb') && MARKERS.some((m) => readFileSync(join(dir, f), 'utf8').includes(m)),
  );
  if (leaks.length)
    throw new ReleaseError(
      `the bundle would leak solutions: ${leaks.join(', ')} hold solution or hidden-test markers.`,
    );
  const broken = files
    .filter((f) => f.endsWith('.ts') && !f.includes('node_modules/'))
    .flatMap((f) => unresolved(f, readFileSync(join(dir, f), 'utf8'), set).map((s) => `${f} imports ${s}`));
  if (broken.length) throw new ReleaseError(`bundled files import instructor-only files:\n  ${broken.join('\n  ')}`);
}

function listFiles(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? listFiles(p, base) : [relative(base, p)];
  });
}

const STUDENT_README = `# Exercises

Each notebook here is one assignment. Open it in JupyterLab (\`npm start\` from the course
folder), write your answers where a cell says \`throw new Error('not implemented')\`, and run
the visible tests below each answer: they must pass before you submit. Your instructor grades
the notebook with further tests you do not see, so make your answer right, not just green.

Do not edit the cells marked read-only or the test cells; submit the \`.ipynb\` file as your
instructor asks. The lectures in \`notebooks/\` explain everything the exercises use.
`;

/** The course README minus its section for instructors (grading needs what the bundle lacks). */
function withoutInstructorSection(readme: string): string {
  return readme.replace(/^## For instructors[\s\S]*?(?=^## )/m, '');
}

/** Write the student bundle to `dir`; returns the number of files written. */
export function release(dir: string, root = ROOT): number {
  const target = resolve(dir);
  checkTarget(target, root);
  const files = bundleFiles(root);
  for (const f of files) {
    mkdirSync(dirname(join(target, f)), { recursive: true });
    copyFileSync(join(root, f), join(target, f));
  }
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  for (const s of INSTRUCTOR_SCRIPTS) delete pkg.scripts[s];
  writeFileSync(join(target, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  writeFileSync(join(target, 'README.md'), withoutInstructorSection(readFileSync(join(root, 'README.md'), 'utf8')));
  mkdirSync(join(target, 'exercises'), { recursive: true });
  const exercises = expectedExercises(join(root, 'solutions'));
  for (const [name, text] of exercises) writeFileSync(join(target, 'exercises', name), text);
  writeFileSync(join(target, 'exercises/README.md'), STUDENT_README);
  checkBundle(target);
  return files.length + exercises.size + 1;
}
