/**
 * The committed lecture notebooks carry the outputs of a full run (so GitHub and nbviewer show
 * the charts): every code cell ran once, in order, without an error, and each file stays small
 * enough to open comfortably. Refresh with `npm run notebooks -- NAME --full --write`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers';

const MAX_BYTES = 3 * 1024 * 1024;
const dir = join(ROOT, 'notebooks');
const notebooks = readdirSync(dir).filter((f) => f.endsWith('.ipynb')).sort();

interface Cell {
  cell_type: string;
  execution_count?: number | null;
  outputs?: { output_type: string; ename?: string; evalue?: string }[];
}

for (const file of notebooks) {
  test(`committed ${file} ran every code cell in order, without errors, and is under 3 MB`, () => {
    const path = join(dir, file);
    const size = statSync(path).size;
    assert.ok(size < MAX_BYTES, `${file} is ${(size / 1e6).toFixed(2)} MB; keep it under 3 MB (fewer points or images per chart).`);
    const cells = (JSON.parse(readFileSync(path, 'utf8')) as { cells: Cell[] }).cells.filter((c) => c.cell_type === 'code');
    const counts = cells.map((c) => c.execution_count ?? null);
    const expected = cells.map((_, i) => i + 1);
    assert.deepEqual(counts, expected, `${file}: execution counts ${JSON.stringify(counts)}; run \`npm run notebooks -- ${file.replace('.ipynb', '')} --full --write\`.`);
    const errors = cells.flatMap((c, i) => (c.outputs ?? []).filter((o) => o.output_type === 'error').map((o) => `code cell ${i + 1}: ${o.ename}: ${o.evalue}`));
    assert.deepEqual(errors, [], `${file} was committed with error outputs`);
  });
}
