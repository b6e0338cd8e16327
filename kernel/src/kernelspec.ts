/**
 * The kernelspec that makes Jupyter start this kernel: `kernel.json` in `<dir>/kernels/<name>/`,
 * found by Jupyter through JUPYTER_PATH. `{connection_file}` is filled in by Jupyter; the kernel
 * runs on the same Node as the code that writes the spec.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const KERNEL_NAME = 'genmodels';

export function kernelSpec(repoRoot: string) {
  return {
    argv: [process.execPath, join(repoRoot, 'kernel', 'dist', 'main.js'), '{connection_file}'],
    display_name: 'TypeScript (genmodels)',
    language: 'typescript',
    interrupt_mode: 'signal',
    metadata: { debugger: false },
  };
}

/** Write the spec under `jupyterPath` (a JUPYTER_PATH entry); returns the kernel.json path. */
export function writeKernelSpec(jupyterPath: string, repoRoot: string, name = KERNEL_NAME): string {
  const dir = join(jupyterPath, 'kernels', name);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'kernel.json');
  writeFileSync(file, JSON.stringify(kernelSpec(repoRoot), null, 2) + '\n');
  return file;
}
