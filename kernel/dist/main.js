"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
/**
 * The genmodels Jupyter kernel process: `node kernel/dist/main.js CONNECTION_FILE`.
 * The kernelspec (tools/jupyter.ts) starts it in the notebook's folder, which tslab takes as the
 * root for local `.ts` imports.
 */
const engine_1 = require("./engine");
const errors_1 = require("./errors");
const interrupt_1 = require("./interrupt");
const kernel_1 = require("./kernel");
const log_1 = require("./log");
const server_1 = require("./server");
async function main() {
    const connectionFile = process.argv[2];
    if (!connectionFile) {
        process.stderr.write('usage: node kernel/dist/main.js CONNECTION_FILE (Jupyter passes {connection_file})\n');
        process.exit(2);
    }
    let engine;
    try {
        engine = new engine_1.Engine(process.cwd());
    }
    catch (e) {
        if (!(e instanceof engine_1.KernelSetupError))
            throw e;
        (0, log_1.log)(e.message);
        process.exit(1);
    }
    const server = new server_1.KernelServer(connectionFile);
    const kernel = new kernel_1.Kernel(engine, (type, content, parent) => server.publish(type, content, parent), () => {
        engine.close();
        void server.close().then(() => process.exit(0));
    });
    (0, interrupt_1.installGuard)();
    kernel.output.install();
    process.on('SIGINT', () => kernel.interrupt());
    // Errors from code that outlives its cell are shown in the cell that is current, never fatal.
    const report = (what) => (e) => kernel.output.write('stderr', `${what}: ${(0, errors_1.fromThrown)(e).traceback.join('\n')}\n`);
    process.on('uncaughtException', report('Uncaught exception'));
    process.on('unhandledRejection', report('Unhandled promise rejection'));
    await server.start(kernel.onShell, kernel.onControl);
    (0, log_1.log)(`listening (pid ${process.pid})`);
}
void main();
//# sourceMappingURL=main.js.map