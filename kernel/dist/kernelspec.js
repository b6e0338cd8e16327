"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.KERNEL_NAME = void 0;
exports.kernelSpec = kernelSpec;
exports.writeKernelSpec = writeKernelSpec;
/**
 * The kernelspec that makes Jupyter start this kernel: `kernel.json` in `<dir>/kernels/<name>/`,
 * found by Jupyter through JUPYTER_PATH. `{connection_file}` is filled in by Jupyter; the kernel
 * runs on the same Node as the code that writes the spec.
 */
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
exports.KERNEL_NAME = 'genmodels';
function kernelSpec(repoRoot) {
    return {
        argv: [process.execPath, (0, node_path_1.join)(repoRoot, 'kernel', 'dist', 'main.js'), '{connection_file}'],
        display_name: 'TypeScript (genmodels)',
        language: 'typescript',
        interrupt_mode: 'signal',
        metadata: { debugger: false },
    };
}
/** Write the spec under `jupyterPath` (a JUPYTER_PATH entry); returns the kernel.json path. */
function writeKernelSpec(jupyterPath, repoRoot, name = exports.KERNEL_NAME) {
    const dir = (0, node_path_1.join)(jupyterPath, 'kernels', name);
    (0, node_fs_1.mkdirSync)(dir, { recursive: true });
    const file = (0, node_path_1.join)(dir, 'kernel.json');
    (0, node_fs_1.writeFileSync)(file, JSON.stringify(kernelSpec(repoRoot), null, 2) + '\n');
    return file;
}
//# sourceMappingURL=kernelspec.js.map