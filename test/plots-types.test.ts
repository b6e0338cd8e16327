/**
 * Notebooks compile with tslab's TypeScript 5.0 and resolve modules the Node10 way, where
 * vega/vega-lite's types (ESM-only `exports`) cannot be found. So lib's public .d.ts must not
 * mention them, and a notebook-style file using the plots API must type-check under those rules.
 * Runs on lib/dist, which `npm test` builds first.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');

function dtsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? dtsFiles(join(dir, e.name)) : e.name.endsWith('.d.ts') ? [join(dir, e.name)] : [],
  );
}

test("lib's public .d.ts files never import vega or vega-lite types", () => {
  const files = dtsFiles(join(root, 'lib/dist'));
  assert.ok(
    files.some((f) => f.endsWith('plots/chart.d.ts')),
    'lib is built',
  );
  for (const f of files) {
    assert.doesNotMatch(readFileSync(f, 'utf8'), /(from|import\()\s*['"]vega(-lite)?['"]/, f);
  }
});

test('a notebook-style use of the plots API type-checks with tslab TypeScript and Node10 resolution', () => {
  const dir = join(root, 'test-artifacts/node10');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'notebook.ts');
  writeFileSync(
    file,
    [
      "import { latentScatter, imageGrid, lossCurves, Chart, pca, REPR_MIMEBUNDLE, type VegaLiteSpec } from 'genmodels';",
      'const c: Chart = latentScatter({ z: [[0, 1, 2]], labels: [1], projection: pca([[0, 1, 2], [1, 0, 2]]) });',
      'const spec: VegaLiteSpec = c.spec;',
      'const bundle = imageGrid({ images: [[0, 1, 1, 0]] })[REPR_MIMEBUNDLE]();',
      '// @ts-expect-error: train must be terms or an array, so the types are real, not any',
      "lossCurves({ train: 'oops' });",
      'console.log(spec, bundle);',
    ].join('\n'),
  );
  const tsc = join(root, 'node_modules/@tslab/typescript-for-tslab/bin/tsc');
  const args = [
    '--noEmit',
    '--strict',
    '--skipLibCheck',
    '--module',
    'commonjs',
    '--moduleResolution',
    'node',
    '--target',
    'es2020',
    '--types',
    'node',
  ];
  const ok = spawnSync(process.execPath, [tsc, ...args, file], { cwd: root, encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  writeFileSync(file, "import type { TopLevelSpec } from 'vega-lite';\nexport type T = TopLevelSpec;\n");
  const leak = spawnSync(process.execPath, [tsc, ...args, file], { cwd: root, encoding: 'utf8' });
  assert.match(
    leak.stdout,
    /Cannot find module 'vega-lite'/,
    'control: vega-lite types are invisible under Node10 resolution',
  );
});
