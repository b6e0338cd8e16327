export declare const KERNEL_NAME = "genmodels";
export declare function kernelSpec(repoRoot: string): {
    argv: string[];
    display_name: string;
    language: string;
    interrupt_mode: string;
    metadata: {
        debugger: boolean;
    };
};
/** Write the spec under `jupyterPath` (a JUPYTER_PATH entry); returns the kernel.json path. */
export declare function writeKernelSpec(jupyterPath: string, repoRoot: string, name?: string): string;
