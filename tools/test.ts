/**
 * `npm test`: typecheck, build `lib`, then every test file under node's built-in test runner.
 *
 *   npm test                      # everything: unit tests beside lib sources, integration tests in test/
 *   npm test -- lib/src/seed      # only test files whose path contains one of the given strings
 *
 * Node 20's runner takes no globs, so the files are collected here. Its spec reporter's summary
 * (tests / pass / fail) is the last thing printed.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..');
const TEST_DIRS = ['packages/tfjs-wasm-fast/src', 'lib/src', 'kernel', 'tools', 'test'];

function findTests(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'fixtures' ? [] : findTests(p);
    return e.name.endsWith('.test.ts') ? [p] : [];
  });
}

function run(label: string, cmd: string, args: string[]): void {
  console.log(`\n== ${label}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`\n${label} failed (exit ${r.status ?? r.signal}). Fix the errors above; no tests were run.`);
    process.exit(r.status ?? 1);
  }
}

const filters = process.argv.slice(2);
const tsc = join(root, 'node_modules/typescript/bin/tsc');
run('typecheck', process.execPath, [tsc, '-p', 'tsconfig.json']);
run('build the engine, lib and kernel', process.execPath, [tsc, '-b', 'packages/tfjs-wasm-fast', 'lib', 'kernel']);

const files = TEST_DIRS.flatMap((d) => findTests(join(root, d)))
  .map((f) => relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();
if (files.length === 0) {
  console.error(`No test files match ${filters.join(', ') || 'the test folders'}.`);
  process.exit(1);
}
console.log(`\n== ${files.length} test files`);
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, GENMODELS_QUICK: process.env.GENMODELS_QUICK ?? '1' },
});
process.exit(r.status ?? 1);
