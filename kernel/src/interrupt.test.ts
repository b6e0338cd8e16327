import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type * as TS from '@tslab/typescript-for-tslab';
import { cells, guardAwaits, installGuard, KeyboardInterrupt, type CellContext } from './interrupt';
import type { Message } from './wire';

const ts = createRequire(require.resolve('tslab/package.json'))('@tslab/typescript-for-tslab') as typeof TS;

test('every await, nested or not, goes through the guard', () => {
  const out = guardAwaits(ts, 'const a = await f(await g(), 1);\nasync function h() { return (await x) + await y; }');
  assert.equal(
    out,
    'const a = await __genmodels_kernel__.resume(f(await __genmodels_kernel__.resume(g()), 1));\n' +
      'async function h() { return (await __genmodels_kernel__.resume(x)) + await __genmodels_kernel__.resume(y); }',
  );
  assert.equal(guardAwaits(ts, 'const b = 1;'), 'const b = 1;');
});

test('an interrupted cell throws KeyboardInterrupt at its next await; other cells go on', async () => {
  installGuard();
  const { resume } = (globalThis as unknown as { __genmodels_kernel__: { resume<T>(v: T): Promise<T> } })
    .__genmodels_kernel__;
  const ctx: CellContext = { parent: {} as Message, interrupted: false };
  let steps = 0;
  const loop = cells.run(ctx, async () => {
    for (;;) {
      steps++;
      await resume(new Promise((r) => setTimeout(r, 1)));
    }
  });
  while (steps < 3) await new Promise((r) => setTimeout(r, 5)); // a loaded machine may take long per step
  ctx.interrupted = true;
  await assert.rejects(loop, KeyboardInterrupt);
  const stoppedAt = steps;
  await new Promise((r) => setTimeout(r, 20));
  assert.ok(stoppedAt > 1 && steps === stoppedAt, `ran ${stoppedAt} steps, then stopped`);
  assert.equal(await cells.run({ parent: {} as Message, interrupted: false }, () => resume(Promise.resolve(5))), 5);
});
