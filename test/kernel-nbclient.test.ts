/**
 * nbclient (what `npm run notebooks` and the grader use) executing a notebook on the genmodels
 * kernel: a failing cell raises CellExecutionError carrying the real error, and outputs land in
 * the notebook (execute_result with its count).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { jupyterPython, NO_JUPYTER, root, tempJupyterPath } from './kernel-support';

const python = jupyterPython();

const SCRIPT = `
import json, sys, nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
nb = nbformat.v4.new_notebook()
nb.cells = [nbformat.v4.new_code_cell("const half = 21;\\nhalf * 2"),
            nbformat.v4.new_code_cell("const bad: string = half;")]
try:
    NotebookClient(nb, kernel_name="genmodels", timeout=60).execute()
    print(json.dumps({"raised": None}))
except CellExecutionError as e:
    print(json.dumps({"raised": str(e), "outputs": nb.cells[0].outputs}))
`;

test('nbclient reports the real error and keeps results', { skip: python ? false : NO_JUPYTER }, () => {
  const r = spawnSync(python!, ['-c', SCRIPT], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, JUPYTER_PATH: tempJupyterPath() },
  });
  assert.equal(r.status, 0, r.stderr);
  const { raised, outputs } = JSON.parse(r.stdout) as {
    raised: string | null;
    outputs: { output_type: string; execution_count: number; data: object }[];
  };
  assert.ok(raised, 'the failing cell raises CellExecutionError');
  assert.match(raised, /cell 1:7 - Type 'number' is not assignable to type 'string'\./);
  assert.match(raised, /TypeScriptError/);
  assert.deepEqual(outputs, [
    { output_type: 'execute_result', execution_count: 1, data: { 'text/plain': '42' }, metadata: {} },
  ]);
});
