/**
 * The genmodels Jupyter kernel process: `node kernel/dist/main.js CONNECTION_FILE`.
 * The kernelspec (tools/jupyter.ts) starts it in the notebook's folder, which tslab takes as the
 * root for local `.ts` imports.
 */
import { Engine, KernelSetupError } from './engine';
import { fromThrown } from './errors';
import { installGuard } from './interrupt';
import { Kernel } from './kernel';
import { log } from './log';
import { KernelServer } from './server';

async function main(): Promise<void> {
  const connectionFile = process.argv[2];
  if (!connectionFile) {
    process.stderr.write('usage: node kernel/dist/main.js CONNECTION_FILE (Jupyter passes {connection_file})\n');
    process.exit(2);
  }
  let engine: Engine;
  try {
    engine = new Engine(process.cwd());
  } catch (e) {
    if (!(e instanceof KernelSetupError)) throw e;
    log(e.message);
    process.exit(1);
  }
  const server = new KernelServer(connectionFile);
  const kernel = new Kernel(
    engine,
    (type, content, parent) => server.publish(type, content, parent),
    () => {
      engine.close();
      void server.close().then(() => process.exit(0));
    },
  );
  installGuard();
  kernel.output.install();
  process.on('SIGINT', () => kernel.interrupt());
  // Errors from code that outlives its cell are shown in the cell that is current, never fatal.
  const report = (what: string) => (e: unknown) =>
    kernel.output.write('stderr', `${what}: ${fromThrown(e).traceback.join('\n')}\n`);
  process.on('uncaughtException', report('Uncaught exception'));
  process.on('unhandledRejection', report('Unhandled promise rejection'));
  await server.start(kernel.onShell, kernel.onControl);
  log(`listening (pid ${process.pid})`);
}

void main();
