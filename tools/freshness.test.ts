import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { codeHash, libraryHash, staleness } from './freshness';

/** A minimal course tree: what the library hash reads. */
function tree(): string {
  const root = mkdtempSync(join(tmpdir(), 'freshness-'));
  const put = (p: string, text: string) => {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  };
  put('lib/src/losses.ts', 'export const a = 1;\n');
  put('lib/src/losses.test.ts', 'test\n');
  put('packages/tfjs-wasm-fast/src/k.wat', '(module)\n');
  put('kernel/src/engine.ts', 'engine\n');
  put('checkpoints/vae/weights.bin', 'w');
  put('datasets/manifest.json', '{}');
  put('lib/package.json', '{}');
  put('packages/tfjs-wasm-fast/package.json', '{}');
  put('tsconfig.base.json', '{}');
  put('package-lock.json', JSON.stringify({ packages: { 'node_modules/@tensorflow/tfjs': { version: '4.22.0' } } }));
  return root;
}

test('the library hash follows content, not tests, mtimes or where the clone is', (t) => {
  const a = tree();
  const b = tree();
  t.after(() => [a, b].forEach((d) => rmSync(d, { recursive: true, force: true })));
  const h = libraryHash(a);
  assert.match(h, /^[0-9a-f]{16}$/);
  assert.equal(libraryHash(b), h, 'another folder with the same content');
  writeFileSync(join(a, 'lib/src/losses.test.ts'), 'another test\n');
  utimesSync(join(a, 'lib/src/losses.ts'), new Date(0), new Date(0));
  assert.equal(libraryHash(a), h, 'tests and mtimes do not count');
  for (const [file, text] of [
    ['lib/src/losses.ts', 'export const a = 2;\n'],
    ['packages/tfjs-wasm-fast/src/k.wat', '(module (func))\n'],
    ['kernel/src/engine.ts', 'engine 2\n'],
    ['checkpoints/vae/weights.bin', 'W'],
    ['package-lock.json', JSON.stringify({ packages: { 'node_modules/@tensorflow/tfjs': { version: '4.23.0' } } })],
  ]) {
    const before = libraryHash(a);
    writeFileSync(join(a, file), text);
    assert.notEqual(libraryHash(a), before, `${file} counts`);
  }
});

test('the code hash follows code cells only, whichever way nbformat stores their source', () => {
  const cells = [
    { cell_type: 'markdown', source: '# Title' },
    { cell_type: 'code', source: ['const x = 1;\n', 'x'] },
  ];
  const h = codeHash(cells);
  assert.equal(
    codeHash([
      { cell_type: 'markdown', source: '# Other' },
      { cell_type: 'code', source: 'const x = 1;\nx' },
    ]),
    h,
  );
  assert.notEqual(codeHash([cells[0], { cell_type: 'code', source: 'const x = 2;\nx' }]), h);
  assert.notEqual(codeHash([...cells, { cell_type: 'code', source: '' }]), h, 'an added empty cell counts');
});

test('staleness says why a recorded run is not current', (t) => {
  const root = tree();
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const cells = [{ cell_type: 'code', source: 'x' }];
  const current = { mode: 'full' as const, library: libraryHash(root), code: codeHash(cells) };
  assert.equal(staleness(current, cells, root), null);
  assert.match(staleness(undefined, cells, root) ?? '', /records no run/);
  assert.match(staleness({ ...current, mode: 'quick' }, cells, root) ?? '', /quick mode, not full/);
  assert.match(staleness(current, [{ cell_type: 'code', source: 'y' }], root) ?? '', /code cells changed/);
  writeFileSync(join(root, 'lib/src/losses.ts'), 'changed');
  assert.match(staleness(current, cells, root) ?? '', /library, kernel, checkpoints or package versions changed/);
});
