/**
 * tf.memory() across many training steps on wasm: tensors and bytes must stay flat (every step's
 * tensors disposed), and so should the process's resident memory after warm-up (no kernel cache
 * or wasm heap growth).
 *   tsx bench/memory.ts WORKLOAD STEPS
 */
import { initBackend, tf } from 'genmodels';
import { prepare, type Workload } from './workloads';

async function main(): Promise<void> {
  const workload = process.argv[2] as Workload;
  const steps = Number(process.argv[3] ?? 1000);
  await initBackend({ backend: 'wasm', verbose: false });
  const { step } = prepare(workload);
  const every = Math.max(1, Math.round(steps / 10));
  const row = (i: number) => {
    const m = tf.memory();
    const rss = process.memoryUsage().rss / 2 ** 20;
    console.log(
      `  step ${String(i).padStart(5)}: numTensors ${m.numTensors}, numBytes ${m.numBytes}, rss ${rss.toFixed(0)} MB`,
    );
  };
  await step();
  row(1);
  for (let i = 2; i <= steps; i++) {
    await step();
    if (i % every === 0) row(i);
  }
  process.exit(0);
}

main();
