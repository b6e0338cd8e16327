/**
 * One measurement in a fresh process (so peak memory is this workload's own):
 *   tsx bench/run-one.ts WORKLOAD BACKEND SECONDS [WARMUP=1]
 * BACKEND is one of genmodels' backends, or `wasm-stock` (tfjs-backend-wasm as shipped, for
 * comparison). Prints one JSON line: { rate, unit, steps, peakMB, digest? } or { error }.
 */
import { initBackend, tf } from 'genmodels';
import { prepare, type Workload } from './workloads';

async function activate(backend: string): Promise<void> {
  if (backend !== 'wasm-stock') {
    await initBackend({ backend, verbose: false });
    return;
  }
  require('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend('wasm'))) throw new Error('stock wasm failed to initialise');
}

/** Time steps after `warmup` steps until `seconds` have passed (at least one step). */
async function measure(workload: Workload, seconds: number, warmup: number) {
  const { step, perStep, unit, digest } = prepare(workload);
  for (let i = 0; i < warmup; i++) await step(); // kernel setup, weight packing, allocator growth
  let steps = 0;
  const t0 = performance.now();
  while (steps === 0 || performance.now() - t0 < seconds * 1000) {
    await step();
    steps++;
  }
  const elapsed = (performance.now() - t0) / 1000;
  return { rate: (steps * perStep) / elapsed, unit, steps, digest: digest?.() };
}

async function main(): Promise<void> {
  const [workload, backend, seconds, warmup = '1'] = process.argv.slice(2);
  try {
    await activate(backend);
    const result = await measure(workload as Workload, Number(seconds), Number(warmup));
    const peakMB = process.resourceUsage().maxRSS / 1024;
    console.log(JSON.stringify({ ...result, peakMB }));
  } catch (err) {
    console.log(JSON.stringify({ error: (err instanceof Error ? err.message : String(err)).split('\n')[0] }));
  }
  process.exit(0);
}

main();
