/**
 * vae-train with tf.train.adam against genmodels' adam() (fused on wasm), interleaved in one
 * process so machine load hits both alike:
 *   tsx bench/adam-ab.ts [ROUNDS=6] [SECONDS=2] [BACKEND=wasm]
 * Each round times both optimizers (order alternating) for SECONDS each, on their own model and
 * optimizer, after one warm-up step. Prints examples/s per round, the medians and their ratio.
 */
import { adam, initBackend, tf, VAE } from 'genmodels';
import { BENCH_VAE, binaryImages } from './workloads';

const BATCH = 128;

function trainer(makeOptimizer: () => tf.Optimizer) {
  const model = new VAE(BENCH_VAE);
  const x = binaryImages([BATCH, 784], 3) as tf.Tensor2D;
  const optimizer = makeOptimizer();
  let seed = 0;
  return async () => {
    const loss = optimizer.minimize(() => model.loss({ x }, { seed: ++seed, beta: 1 }).total, true, model.params.list())!;
    await loss.data();
    loss.dispose();
  };
}

async function rate(step: () => Promise<void>, seconds: number): Promise<number> {
  let steps = 0;
  const t0 = performance.now();
  while (steps === 0 || performance.now() - t0 < seconds * 1000) {
    await step();
    steps++;
  }
  return (steps * BATCH) / ((performance.now() - t0) / 1000);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const [rounds = '6', seconds = '2', backend = 'wasm'] = process.argv.slice(2);
  await initBackend({ backend, verbose: true });
  const runs = { 'tf.train.adam': trainer(() => tf.train.adam(1e-3)), 'adam (fused)': trainer(() => adam(1e-3)) };
  const names = Object.keys(runs) as (keyof typeof runs)[];
  for (const name of names) await runs[name]();
  const rates: Record<string, number[]> = { [names[0]]: [], [names[1]]: [] };
  for (let r = 0; r < Number(rounds); r++) {
    for (const name of r % 2 ? [...names].reverse() : names) rates[name].push(await rate(runs[name], Number(seconds)));
    console.log(`round ${r + 1}: ${names.map((n) => `${n} ${rates[n].at(-1)!.toFixed(0)}`).join(', ')} examples/s`);
  }
  const [a, b] = names.map((n) => median(rates[n]));
  console.log(`median: ${names[0]} ${a.toFixed(0)}, ${names[1]} ${b.toFixed(0)} examples/s; fused/stock ${(b / a).toFixed(3)}×`);
  process.exit(0);
}

main();
