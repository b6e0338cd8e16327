/**
 * The committed notebooks are the ones readers see on GitHub and nbviewer, so they must carry the
 * outputs of a complete run: every code cell executed once, in order (execution_count 1…n), none
 * failed, and each file stays small enough to render (< 3 MB); and they must be current: run in
 * full mode against the code they come from (the record `npm run notebooks -- --write` keeps in
 * their metadata, tools/freshness.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { staleness, type RunRecord } from '../tools/freshness';
import { ROOT } from './helpers';

const MAX_BYTES = 3 * 1024 * 1024;
const dir = join(ROOT, 'notebooks');
const notebooks = readdirSync(dir)
  .filter((f) => f.endsWith('.ipynb'))
  .sort();

interface Cell {
  cell_type: string;
  source: string | string[];
  execution_count?: number | null;
  outputs?: { output_type: string; ename?: string; evalue?: string }[];
}

test('there are committed notebooks to check', () => {
  assert.ok(notebooks.length > 0, `no .ipynb files in ${dir}`);
});

for (const file of notebooks) {
  test(`${file} is committed with the outputs of one in-order run, under 3 MB`, () => {
    const path = join(dir, file);
    const size = statSync(path).size;
    assert.ok(
      size < MAX_BYTES,
      `${file} is ${(size / 1e6).toFixed(2)} MB; shrink its outputs (fewer points or images) below 3 MB`,
    );
    const cells: Cell[] = JSON.parse(readFileSync(path, 'utf8')).cells;
    const code = cells.filter((c) => c.cell_type === 'code');
    const counts = code.map((c) => c.execution_count ?? null);
    assert.deepEqual(
      counts,
      code.map((_, i) => i + 1),
      `${file}: execution counts ${JSON.stringify(counts)}; refresh it with npm run notebooks -- ${file.replace('.ipynb', '')} --full --write`,
    );
    const errors = code.flatMap((c, i) =>
      (c.outputs ?? []).filter((o) => o.output_type === 'error').map((o) => `cell ${i + 1}: ${o.ename}: ${o.evalue}`),
    );
    assert.deepEqual(errors, [], `${file} was committed with errors`);
    assert.ok(
      code.some((c) => (c.outputs ?? []).length > 0),
      `${file} has no outputs at all`,
    );
  });
}

test('every committed notebook carries the outputs of a full run of the current code', () => {
  const stale = notebooks.flatMap((file) => {
    const nb = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
      cells: Cell[];
      metadata: { genmodels?: Partial<RunRecord> };
    };
    const why = staleness(nb.metadata.genmodels, nb.cells);
    return why ? [`${file}: ${why}`] : [];
  });
  const names = stale.map((s) => s.split('.ipynb')[0]).join(' ');
  assert.deepEqual(
    stale,
    [],
    `outputs older than the code they came from; refresh them with npm run notebooks -- ${names} --full --write`,
  );
});
