/**
 * Every lecture notebook runs top to bottom through real Jupyter and the project kernel, in
 * quick mode, each code cell twice in a row (students re-run cells all the time); and the runner
 * reports failures with the cell and its error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runTool } from './helpers';

const notebooks = readdirSync(join(ROOT, 'notebooks'))
  .filter((f) => f.endsWith('.ipynb'))
  .sort();

interface Output {
  output_type: string;
  data?: Record<string, unknown>;
}

for (const file of notebooks) {
  const name = file.replace(/\.ipynb$/, '');
  test(`notebook ${name} executes in quick mode, each cell twice`, async () => {
    const r = await runTool('notebooks.ts', [name, '--rerun']);
    assert.equal(r.status, 0, `${name} failed:\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, new RegExp(`▶ ${name} … ok in \\d+\\.\\d s`));
    assert.match(r.stdout, /^1 passed, 0 failed/m);
  });
}

test('00-setup shows a Vega-Lite chart with an SVG fallback', () => {
  const nb = JSON.parse(readFileSync(join(ROOT, '.cache/executed/00-setup.ipynb'), 'utf8'));
  const outputs: Output[] = nb.cells.flatMap((c: { outputs?: Output[] }) => c.outputs ?? []);
  const data = outputs.filter((o) => o.output_type === 'display_data').map((o) => o.data ?? {});
  const spec = data.map((d) => d['application/vnd.vegalite.v5+json']).find(Boolean) as Record<string, unknown>;
  // nbformat stores multi-line text as a list of lines on disk
  const svgLines = data.map((d) => d['image/svg+xml']).find(Boolean) as string | string[];
  const svg = Array.isArray(svgLines) ? svgLines.join('') : svgLines;
  assert.equal(typeof spec, 'object', 'the Vega-Lite spec is sent as a JSON object');
  assert.ok(Array.isArray(spec.layer), 'the spec is the layered density chart');
  assert.equal(typeof svg, 'string');
  assert.match(svg, /^<svg[\s\S]*<\/svg>$/);
  assert.match(svg, /The standard normal/, 'the SVG is this chart, title included');
});

test('a failing cell is reported with its source and real error text', async () => {
  const r = await runTool('notebooks.ts', [join(ROOT, 'test/fixtures/failing.ipynb')]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /▶ failing … FAILED/);
  assert.match(r.stderr, /FAILED at cell 1/);
  assert.match(r.stderr, /throw new RangeError\('deliberate failure in cell two'\);/);
  assert.match(r.stderr, /RangeError: deliberate failure in cell two/);
  assert.match(r.stdout, /^0 passed, 1 failed/m);
});

test('a cell that fails only when re-run is reported as such', async () => {
  const fixture = join(ROOT, 'test/fixtures/rerun-trap.ipynb');
  const once = await runTool('notebooks.ts', [fixture]);
  assert.equal(once.status, 0, `runs once:\n${once.stdout}\n${once.stderr}`);
  const twice = await runTool('notebooks.ts', [fixture, '--rerun']);
  assert.equal(twice.status, 1);
  assert.match(twice.stderr, /FAILED at cell 1 when re-run/);
  assert.match(twice.stderr, /Tensor is disposed/);
  assert.match(twice.stdout, /^0 passed, 1 failed/m);
});

test('an unknown notebook name lists the known ones', async () => {
  const r = await runTool('notebooks.ts', ['99-nope']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /"99-nope" matches no notebook\. Known notebooks: 00-setup/);
});
