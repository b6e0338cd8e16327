/**
 * The genmodels kernel through the real Jupyter protocol: jupyter_client (under the Python that
 * has Jupyter) starts it from a kernelspec and talks to it over ZeroMQ, as Notebook and nbclient do.
 * One kernel session runs every step in order; each test checks its steps.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { drive, jupyterPython, NO_JUPYTER, ofType, type StepResult } from './kernel-support';

const python = jupyterPython();

const CHART = `{ mark: 'bar', data: { values: [{ x: 'a', y: 1 }, { x: 'b', y: 3 }] },
  encoding: { x: { field: 'x', type: 'nominal' }, y: { field: 'y', type: 'quantitative' } } }`;

const steps = {
  typeError: { execute: "const n: number = 'two';" },
  runtime: { execute: "function explode(): never {\n  throw new RangeError('out of range: 42');\n}\nexplode();" },
  rejected: { execute: "await Promise.reject(new TypeError('rejected on purpose'));" },
  nonError: { execute: "throw 'plain string';" },
  floating: { execute: "Promise.reject(new Error('nobody awaits me'));\nawait new Promise((r) => setTimeout(r, 50));" },
  promiseValue: { execute: 'Promise.resolve(3)' },
  lastExpr: { execute: 'const answer = 6 * 7;\nanswer' },
  nothing: { execute: 'const unused = 1;\nundefined' },
  tensor: { execute: "import { tf } from 'genmodels';\ntf.ones([2, 3])" },
  chart: { execute: `import { showChart } from 'genmodels';\nawait showChart(${CHART});` },
  chartValue: { execute: `import { Chart } from 'genmodels';\nnew Chart(${CHART})` },
  update: {
    execute:
      "import { display } from 'genmodels';\nconst progress = await display('epoch 1');\nawait progress.update('epoch 2');",
  },
  asyncLoop: {
    execute: 'let step = 0;\nwhile (true) {\n  step++;\n  await new Promise((r) => setTimeout(r, 5));\n}',
    interrupt_after: 1.5,
  },
  afterAsync: {
    execute: 'const seen = step;\nawait new Promise((r) => setTimeout(r, 200));\n[seen > 0, step === seen]',
  },
  spinLoop: {
    execute: 'let spins = 0;\nwhile (true) {\n  spins++;\n  await null;\n}',
    interrupt_after: 1.0,
    interrupt_by: 'message',
  },
  afterSpin: {
    execute: 'const spun = spins;\nawait new Promise((r) => setTimeout(r, 100));\n[spun > 0, spins === spun]',
  },
  libraryLoop: {
    // code the kernel does not rewrite (as a library's), stopping through genmodels' throwIfInterrupted
    execute:
      "import { throwIfInterrupted } from 'genmodels';\nlet ticks = 0;\n" +
      "const libraryFit = new Function('check', 'tick', 'return (async () => { for (;;) { check(); tick(); await new Promise((r) => setTimeout(r, 5)); } })()');\n" +
      'await libraryFit(throwIfInterrupted, () => ticks++);',
    interrupt_after: 1.0,
  },
  afterLibrary: {
    execute: 'const ticked = ticks;\nawait new Promise((r) => setTimeout(r, 100));\n[ticked > 0, ticks === ticked]',
  },
  syncLoop: { execute: 'let count = 0;\nwhile (true) count++;', interrupt_after: 1.0 },
  afterSync: { execute: 'count > 0' },
  flood: { execute: "console.log('x'.repeat(10_000_000));\n'still here'" },
  runAll: { execute_all: ['const ok1 = 1;', 'throw new Error("stop here");', 'const skipped = 1;', 'ok1'] },
  afterRunAll: { execute: 'ok1 + 1' },
  complete: { complete: 'const abcdef = 1;\nabc', cursor: 21 },
  inspect: { inspect: 'Math.max', cursor: 6 },
  incomplete: { is_complete: 'function f() {' },
  completeCode: { is_complete: 'const x = 1;' },
  heartbeat: { heartbeat: true },
  restart: { restart: true },
  afterRestart: { execute: 'answer' },
  shutdown: { shutdown: true },
};
type Name = keyof typeof steps;

const session: Promise<Record<Name, StepResult>> | null = python
  ? drive(python, Object.values(steps)).then(
      (rs) => Object.fromEntries(Object.keys(steps).map((k, i) => [k, rs[i]])) as Record<Name, StepResult>,
    )
  : null;
session?.catch(() => undefined); // reported by the first test that awaits it

const it = (name: string, fn: (r: Record<Name, StepResult>) => void) =>
  test(name, { skip: python ? false : NO_JUPYTER }, async () => fn(await session!));

/** The error triple of a failed execution: the same in the reply and in the iopub error message. */
function failure(r: StepResult) {
  assert.equal(r.reply?.status, 'error');
  const [error] = ofType(r, 'error');
  assert.ok(error, 'an iopub error message is sent');
  const { ename, evalue, traceback } = r.reply!;
  assert.deepEqual(error.content, { ename, evalue, traceback });
  assert.ok(Array.isArray(traceback) && traceback.every((l: unknown) => typeof l === 'string'));
  return { ename, evalue, traceback: traceback as string[] };
}

it('a type error replies TypeScriptError with `cell line:col - message`', ({ typeError }) => {
  const e = failure(typeError);
  assert.equal(e.ename, 'TypeScriptError');
  assert.equal(e.evalue, "cell 1:7 - Type 'string' is not assignable to type 'number'.");
  assert.deepEqual(e.traceback, ['TypeScriptError:', e.evalue]);
});

it('a runtime error replies its class, message and a stack trimmed to user code', ({ runtime }) => {
  const e = failure(runtime);
  assert.equal(e.ename, 'RangeError');
  assert.equal(e.evalue, 'out of range: 42');
  assert.equal(e.traceback[0], 'RangeError: out of range: 42');
  assert.match(e.traceback[1], /at explode \(cell\.js:\d+:\d+\)/);
  assert.ok(!e.traceback.some((l) => /tslab|kernel\/dist|node:vm|node:internal/.test(l)), e.traceback.join('\n'));
});

it('an awaited rejected promise and a thrown non-Error are reported as errors', ({ rejected, nonError }) => {
  const r = failure(rejected);
  assert.deepEqual(
    [r.ename, r.evalue, r.traceback[0]],
    ['TypeError', 'rejected on purpose', 'TypeError: rejected on purpose'],
  );
  const t = failure(nonError);
  assert.deepEqual([t.ename, t.evalue], ['ThrownValue', "'plain string'"]);
});

it('a rejection nobody awaits is reported in the cell, and the kernel goes on', ({ floating, promiseValue }) => {
  assert.equal(floating.reply?.status, 'ok');
  const err = ofType(floating, 'stream')
    .filter((m) => m.content.name === 'stderr')
    .map((m) => m.content.text)
    .join('');
  assert.match(err, /^Unhandled promise rejection: Error: nobody awaits me\n\s+at cell\.js/);
  assert.match(ofType(promiseValue, 'execute_result')[0].content.data['text/plain'], /^Promise \(not awaited/);
});

it('the last expression is an execute_result with the execution count; undefined shows nothing', ({
  lastExpr,
  nothing,
}) => {
  assert.equal(lastExpr.reply?.status, 'ok');
  const [result] = ofType(lastExpr, 'execute_result');
  assert.equal(result.content.execution_count, lastExpr.reply?.execution_count);
  assert.deepEqual(result.content.data, { 'text/plain': '42' });
  assert.equal(nothing.reply?.status, 'ok');
  assert.equal(ofType(nothing, 'execute_result').length, 0);
});

it('a tensor shows as a summary of dtype, shape and values', ({ tensor }) => {
  const [result] = ofType(tensor, 'execute_result');
  const text: string = result.content.data['text/plain'];
  assert.equal(text.split('\n')[0], 'Tensor float32 [2, 3], 6 values');
  assert.match(text, /\[\[1, 1, 1\],\s+\[1, 1, 1\]\]/);
});

it('a chart is one display_data with Vega-Lite JSON, SVG and text', ({ chart }) => {
  assert.equal(chart.reply?.status, 'ok', JSON.stringify(chart.reply));
  const shown = ofType(chart, 'display_data');
  assert.equal(shown.length, 1);
  const data = shown[0].content.data;
  assert.equal(data['application/vnd.vegalite.v5+json'].mark, 'bar', 'the spec is sent as a JSON object');
  assert.match(data['image/svg+xml'], /^<svg[\s\S]*<\/svg>$/);
  assert.equal(typeof data['text/plain'], 'string');
});

it('a chart as the last expression is an execute_result with Vega-Lite JSON, SVG and text', ({ chartValue }) => {
  const [result] = ofType(chartValue, 'execute_result');
  assert.equal(result.content.execution_count, chartValue.reply?.execution_count);
  assert.equal(result.content.data['application/vnd.vegalite.v5+json'].mark, 'bar');
  assert.match(result.content.data['image/svg+xml'], /^<svg/);
  assert.equal(ofType(chartValue, 'display_data').length, 0);
});

it('a display handle updates its output in place', ({ update }) => {
  const [first] = ofType(update, 'display_data');
  const [second] = ofType(update, 'update_display_data');
  assert.equal(first.content.data['text/plain'], "'epoch 1'");
  assert.equal(second.content.data['text/plain'], "'epoch 2'");
  const id = first.content.transient.display_id;
  assert.ok(id);
  assert.equal(second.content.transient.display_id, id);
});

it('an interrupt stops a long await loop; the kernel and its variables survive', ({
  asyncLoop,
  afterAsync,
  spinLoop,
  afterSpin,
}) => {
  assert.equal(failure(asyncLoop).ename, 'KeyboardInterrupt');
  assert.equal(
    ofType(afterAsync, 'execute_result')[0].content.data['text/plain'],
    '[ true, true ]',
    'the loop ran, then stopped',
  );
  assert.equal(failure(spinLoop).ename, 'KeyboardInterrupt', 'interrupt_request stops even `await null` spinning');
  assert.equal(ofType(afterSpin, 'execute_result')[0].content.data['text/plain'], '[ true, true ]');
});

it('a library loop that calls throwIfInterrupted() stops too', ({ libraryLoop, afterLibrary }) => {
  assert.equal(failure(libraryLoop).ename, 'KeyboardInterrupt');
  assert.equal(ofType(afterLibrary, 'execute_result')[0].content.data['text/plain'], '[ true, true ]');
});

it('SIGINT stops a synchronous infinite loop', ({ syncLoop, afterSync }) => {
  assert.equal(failure(syncLoop).ename, 'KeyboardInterrupt');
  assert.equal(ofType(afterSync, 'execute_result')[0].content.data['text/plain'], 'true');
});

it('a cell printing 10 MB is cut at the output limit, and the kernel goes on', ({ flood }) => {
  assert.equal(flood.reply?.status, 'ok');
  const out = ofType(flood, 'stream');
  const printed = out
    .filter((m) => m.content.name === 'stdout')
    .reduce((n, m) => n + (m.content.length ?? m.content.text.length), 0);
  assert.ok(printed > 1_000_000 && printed < 10_000_000, `printed ${printed} characters`);
  assert.ok(out.some((m) => m.content.name === 'stderr' && /output limit/.test(m.content.text)));
  assert.equal(ofType(flood, 'execute_result')[0].content.data['text/plain'], "'still here'");
});

it('after a failure, the requests queued behind it are aborted; later ones run', ({ runAll, afterRunAll }) => {
  assert.deepEqual(
    runAll.replies?.map((r) => r.status),
    ['ok', 'error', 'aborted', 'aborted'],
  );
  assert.equal(afterRunAll.reply?.status, 'ok');
  assert.equal(ofType(afterRunAll, 'execute_result')[0].content.data['text/plain'], '2');
});

it('completion, inspection and is_complete work', ({ complete, inspect, incomplete, completeCode }) => {
  assert.ok(complete.reply?.matches.includes('abcdef'));
  assert.deepEqual([complete.reply?.cursor_start, complete.reply?.cursor_end], [18, 21]);
  assert.equal(inspect.reply?.found, true);
  assert.match(inspect.reply?.data['text/plain'], /Math\.max\(\.\.\.values: number\[\]\): number/);
  assert.deepEqual(incomplete.reply, { status: 'incomplete', indent: '  ' });
  assert.deepEqual(completeCode.reply, { status: 'complete' });
});

it('the heartbeat answers; restart gives a fresh kernel; shutdown is clean', ({
  heartbeat,
  restart,
  afterRestart,
  shutdown,
}) => {
  assert.equal(heartbeat.beating, true);
  assert.equal(restart.exit_code, 0, 'the old kernel exited by itself');
  assert.equal(afterRestart.reply?.execution_count, 1, 'counting starts again');
  assert.match(failure(afterRestart).evalue, /Cannot find name 'answer'/, 'old variables are gone');
  assert.equal(shutdown.exit_code, 0);
});
