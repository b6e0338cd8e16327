/**
 * genmodels' display API under stock tslab (its own kernel, not ours): a chart is still one
 * display_data with every MIME type, and a handle still updates in place.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { drive, jupyterPython, NO_JUPYTER, ofType, root, tempJupyterPath } from './kernel-support';

const python = jupyterPython();

function withStockTslab(): string {
  const dir = tempJupyterPath();
  mkdirSync(join(dir, 'kernels/tslab'), { recursive: true });
  const argv = [
    process.execPath,
    join(root, 'node_modules/tslab/bin/tslab'),
    'kernel',
    '--config-path',
    '{connection_file}',
  ];
  writeFileSync(
    join(dir, 'kernels/tslab/kernel.json'),
    JSON.stringify({ argv, display_name: 'tslab', language: 'typescript' }),
  );
  return dir;
}

test(
  'under stock tslab, showChart is one multi-MIME output and display() updates in place',
  { skip: python ? false : NO_JUPYTER },
  async () => {
    const [chart, update] = await drive(
      python!,
      [
        {
          execute:
            "import { showChart, display } from 'genmodels';\nawait showChart({ mark: 'bar', data: { values: [{ x: 'a', y: 1 }] }, encoding: { x: { field: 'x', type: 'nominal' } } });",
        },
        { execute: "const h = await display('epoch 1');\nawait h.update('epoch 2');" },
      ],
      'tslab',
      withStockTslab(),
    );
    const shown = ofType(chart, 'display_data');
    assert.equal(shown.length, 1);
    assert.deepEqual(Object.keys(shown[0].content.data).sort(), [
      'application/vnd.vegalite.v5+json',
      'image/svg+xml',
      'text/plain',
    ]);
    const [first] = ofType(update, 'display_data');
    const [second] = ofType(update, 'update_display_data');
    assert.equal(second.content.transient.display_id, first.content.transient.display_id);
    assert.equal(second.content.data['text/plain'], "'epoch 2'");
  },
);
