/**
 * `npm run lint` holds: every file Prettier formats is formatted as .prettierrc.json says, and
 * ESLint (eslint.config.mjs) finds nothing, not even a warning. Both checks are also shown to
 * fail on a snippet that breaks them, so a passing run means something.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './helpers';

const PRETTIER = join(ROOT, 'node_modules/prettier/bin/prettier.cjs');
const ESLINT = join(ROOT, 'node_modules/eslint/bin/eslint.js');

function run(bin: string, args: string[], input?: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: ROOT, encoding: 'utf8', input, timeout: 180_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}`.trim() };
}

test('prettier --check . finds every file formatted', { timeout: 200_000 }, () => {
  const r = run(PRETTIER, ['--check', '.']);
  assert.equal(r.status, 0, `Prettier would reformat these files; run npm run format:\n${r.out}`);
});

test('eslint --max-warnings 0 . finds nothing', { timeout: 200_000 }, () => {
  const r = run(ESLINT, ['--max-warnings', '0', '.']);
  assert.equal(r.status, 0, `ESLint found problems in these files:\n${r.out}`);
});

test('prettier --check fails on badly formatted TypeScript, and passes it once formatted', () => {
  const bad = run(PRETTIER, ['--stdin-filepath', 'x.ts', '--check'], 'const a = {b:1, c: "two"}\nexport default a\n');
  assert.equal(bad.status, 1, bad.out);
  // 112 characters on one line: within printWidth 120, so .prettierrc.json was read (the default is 80)
  const good = `export const a = { b: 1, c: 'two', d: [1, 2, 3], e: 'a string long enough to run past eighty columns, to 112' };\n`;
  const ok = run(PRETTIER, ['--stdin-filepath', 'x.ts', '--check'], good);
  assert.equal(ok.status, 0, ok.out);
});

test('eslint fails on TypeScript with an unused variable and an explicit any, and passes it fixed', () => {
  const bad = run(ESLINT, ['--stdin', '--stdin-filename', 'x.ts'], 'const unused = 1;\nexport const b: any = 2;\n');
  assert.equal(bad.status, 1, bad.out);
  assert.match(bad.out, /'unused' is assigned a value but never used.*@typescript-eslint\/no-unused-vars/);
  assert.match(bad.out, /@typescript-eslint\/no-explicit-any/);
  const ok = run(
    ESLINT,
    ['--stdin', '--stdin-filename', 'x.ts', '--max-warnings', '0'],
    'export const b: number = 2;\n',
  );
  assert.equal(ok.status, 0, ok.out);
});
