/**
 * Model tests run on both backends of this machine: wasm with genmodels' kernels, the backend
 * students' notebooks use, and cpu, TF.js's reference kernels. A test file imports `test` from
 * here instead of node:test; each test is then registered once per backend, named "… [wasm]" and
 * "… [cpu]", with that backend active while it runs. A model that is right on cpu but wrong with
 * the fast kernels (or the reverse) fails by name.
 */
import { test as nodeTest, type TestContext, type TestOptions } from 'node:test';
import { initBackend, tf } from '../../lib/src/index';

export const TEST_BACKENDS = ['wasm', 'cpu'] as const;
export type TestBackend = (typeof TEST_BACKENDS)[number];

let wasm: Promise<unknown> | undefined;

/** Make `backend` the active one; wasm is set up once per process, with genmodels' kernels. */
export async function useBackend(backend: TestBackend): Promise<void> {
  if (backend === 'wasm') await (wasm ??= initBackend({ backend: 'wasm', verbose: false }));
  await tf.setBackend(backend);
  await tf.ready();
}

type Body = (t: TestContext) => void | Promise<void>;

/** node:test's options, plus the backends to run on (default both: a slow training test may keep one). */
export interface BackendTestOptions extends TestOptions {
  backends?: readonly TestBackend[];
}

/** node:test's `test(name, [options,] fn)`, once per backend. */
export function test(name: string, fn: Body): void;
export function test(name: string, options: BackendTestOptions, fn: Body): void;
export function test(name: string, a: BackendTestOptions | Body, b?: Body): void {
  const [{ backends = TEST_BACKENDS, ...options }, fn] = typeof a === 'function' ? [{}, a] : [a, b!];
  for (const backend of backends) {
    nodeTest(`${name} [${backend}]`, options, async (t) => {
      await useBackend(backend);
      await fn(t);
    });
  }
}
