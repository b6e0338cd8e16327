/**
 * Shared by the kernel tests: the Python that has Jupyter, a throwaway JUPYTER_PATH holding this
 * repository's kernelspec, and the protocol driver (kernel_driver.py) run over a list of steps.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeKernelSpec, KERNEL_NAME } from '../kernel/src/kernelspec';
import { findPython } from '../tools/jupyter';
import { ROOT as root } from './helpers';

export { root };

/** The first Python that can drive a kernel (jupyter_client, nbclient), or null. */
export function jupyterPython(): string | null {
  return findPython(['jupyter_client', 'nbclient']);
}

export const NO_JUPYTER = 'needs a Python with jupyter_client (apt-get install python3-nbclient python3-ipykernel)';

/** A fresh JUPYTER_PATH dir with the genmodels kernelspec in it. */
export function tempJupyterPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'genmodels-jupyter-'));
  writeKernelSpec(dir, root);
  return dir;
}

/** A JSON object from the driver (Jupyter messages and replies): each test reads the fields it checks. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped wire JSON; `unknown` would need a cast per field read
export type Wire = { [k: string]: any };
export interface Msg {
  msg_type: string;
  content: Wire;
}
export interface StepResult {
  reply?: Wire;
  replies?: Wire[];
  iopub?: Msg[];
  rss_kb?: number;
  beating?: boolean;
  exit_code?: number | null;
}

/** Run the driver over `steps` in one kernel session; one result per step. */
export function drive(
  python: string,
  steps: object[],
  kernel = KERNEL_NAME,
  jupyterPath = tempJupyterPath(),
): Promise<StepResult[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [join(__dirname, 'kernel_driver.py'), kernel], {
      cwd: root,
      env: { ...process.env, JUPYTER_PATH: jupyterPath },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const results = out
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as StepResult);
      if (code !== 0 || results.length !== steps.length)
        reject(new Error(`driver exit ${code} after ${results.length}/${steps.length} steps:\n${err}`));
      else resolve(results);
    });
    child.stdin.end(JSON.stringify(steps));
  });
}

/** The iopub messages of one type. */
export function ofType(r: StepResult, type: string): Msg[] {
  return (r.iopub ?? []).filter((m) => m.msg_type === type);
}
