/**
 * vae-train with tf.train.adam against genmodels' adam() (fused on wasm), interleaved step by
 * step in one process so machine load hits both alike:
 *   tsx bench/adam-ab.ts [STEPS=200] [BACKEND=wasm]
 * Each optimizer has its own model; steps alternate (order swapped every pair) after 3 warm-up
 * steps each. Prints per optimizer the wall and CPU (all threads) time per step, 10th percentile
 * (the least disturbed steps) and median, and the speed-up ratios.
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
    const loss = optimizer.minimize(
      () => model.loss({ x }, { seed: ++seed, beta: 1 }).total,
      true,
      model.params.list(),
    )!;
    await loss.data();
    loss.dispose();
  };
}

/** Time of one step in ms: wall, and CPU of the whole process (every thread). */
async function timed(step: () => Promise<void>): Promise<[number, number]> {
  const c0 = process.cpuUsage(),
    t0 = performance.now();
  await step();
  const c = process.cpuUsage(c0);
  return [performance.now() - t0, (c.user + c.system) / 1000];
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))];

async function main(): Promise<void> {
  const [steps = '200', backend = 'wasm'] = process.argv.slice(2);
  await initBackend({ backend, verbose: true });
  const runs = { 'tf.train.adam': trainer(() => tf.train.adam(1e-3)), 'adam (fused)': trainer(() => adam(1e-3)) };
  const names = Object.keys(runs) as (keyof typeof runs)[];
  for (const name of names) for (let i = 0; i < 3; i++) await runs[name](); // warm-up
  const times: Record<string, [number, number][]> = { [names[0]]: [], [names[1]]: [] };
  for (let s = 0; s < Number(steps); s++) {
    for (const name of s % 2 ? [...names].reverse() : names) times[name].push(await timed(runs[name]));
  }
  const row = (name: string, k: 0 | 1) =>
    [0.1, 0.5].map((q) =>
      quantile(
        times[name].map((t) => t[k]),
        q,
      ),
    );
  for (const name of names) {
    const [[w10, w50], [c10, c50]] = [row(name, 0), row(name, 1)];
    console.log(
      `${name.padEnd(14)} wall ms/step p10 ${w10.toFixed(1)} median ${w50.toFixed(1)} (${((BATCH / w50) * 1000).toFixed(0)} examples/s); cpu ms/step p10 ${c10.toFixed(1)} median ${c50.toFixed(1)}`,
    );
  }
  const ratio = (k: 0 | 1, q: number) =>
    (
      quantile(
        times[names[0]].map((t) => t[k]),
        q,
      ) /
      quantile(
        times[names[1]].map((t) => t[k]),
        q,
      )
    ).toFixed(3);
  console.log(
    `speed-up of fused over stock: wall median ${ratio(0, 0.5)}×, p10 ${ratio(0, 0.1)}×; cpu median ${ratio(1, 0.5)}×`,
  );
  process.exit(0);
}

main();
