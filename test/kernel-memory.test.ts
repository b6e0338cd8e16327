/**
 * 200 consecutive executions in one kernel: its memory must level off, not climb.
 * Each cell declares, computes and prints, like a notebook cell does. Every 20 executions the
 * V8 heap is measured right after a full garbage collection (what is really retained; RSS only
 * follows the collector's sawtooth, so it is printed but not judged). The test compares the
 * second hundred executions with the first.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { drive, jupyterPython, NO_JUPYTER } from './kernel-support';

const python = jupyterPython();
const RUNS = 200;
const EVERY = 20;
/** Allowed growth of the retained heap over the second 100 executions, in MB. */
const MAX_SECOND_HALF_GROWTH_MB = 5;
/** A cell that reports the heap retained after a full collection, in MB. */
const HEAP_AFTER_GC =
  "require('v8').setFlagsFromString('--expose-gc');\n" +
  "require('vm').runInNewContext('gc')();\n" +
  'process.memoryUsage().heapUsed / 2 ** 20';

function cell(i: number): string {
  return (
    `const xs${i % 10} = Array.from({ length: 20_000 }, (_, k) => k * ${i});\n` +
    `console.log('run ${i}', xs${i % 10}.length);\nxs${i % 10}.reduce((a, b) => a + b, 0)`
  );
}

test(`${RUNS} executions do not grow the kernel's memory`, { skip: python ? false : NO_JUPYTER }, async () => {
  const steps: object[] = [];
  for (let i = 1; i <= RUNS; i++) {
    steps.push({ execute: cell(i) });
    if (i % EVERY === 0) steps.push({ rss: true }, { execute: HEAP_AFTER_GC });
  }
  const results = await drive(python!, steps);
  const failed = results.filter((r) => r.reply && r.reply.status !== 'ok');
  assert.equal(failed.length, 0, JSON.stringify(failed[0]?.reply));
  const rssMB = results.filter((r) => r.rss_kb !== undefined).map((r) => r.rss_kb! / 1024);
  const heapMB = results
    .filter((r) => r.iopub?.[0]?.content.code === HEAP_AFTER_GC)
    .map((r) => Number(r.iopub!.find((m) => m.msg_type === 'execute_result')!.content.data['text/plain']));
  const show = (xs: number[]) => xs.map((m) => m.toFixed(1)).join(' ');
  console.log(`kernel heap after GC (MB), every ${EVERY} executions: ${show(heapMB)}`);
  console.log(`kernel RSS (MB), every ${EVERY} executions: ${show(rssMB)}`);
  const growth = heapMB[heapMB.length - 1] - heapMB[100 / EVERY - 1];
  console.log(`heap growth over executions 100→200: ${growth.toFixed(2)} MB (limit ${MAX_SECOND_HALF_GROWTH_MB})`);
  assert.equal(heapMB.length, RUNS / EVERY);
  assert.ok(
    growth < MAX_SECOND_HALF_GROWTH_MB,
    `the retained heap grew ${growth.toFixed(2)} MB over the second 100 executions`,
  );
});
