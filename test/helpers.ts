/** Shared helpers for integration tests that run the project's commands as a user would. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..');

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Run a TypeScript tool from tools/ (through tsx) and collect its output; `started` gets the process. */
export function runTool(
  tool: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  started?: (child: ChildProcess) => void,
): Promise<RunResult> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'tools', tool), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    started?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

/** A TCP port that was free a moment ago, from the OS. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
    server.on('error', fail);
  });
}

/** No line of a Node stack trace ("    at f (file:1:2)") in user-facing output. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+\(.+:\d+:\d+\)$/m.test(text);
}
