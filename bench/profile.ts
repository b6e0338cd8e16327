/**
 * Where one training step's time goes, kernel by kernel (tf.profile on the active backend):
 *   tsx bench/profile.ts [STEPS=20] [BACKEND=wasm] [OPTIMIZER=fused|stock] [MODEL=vae|pixelcnn]
 * Runs the bench's vae-train or pixelcnn-train step (bench/workloads.ts: the model, batch and
 * optimizer; `stock` = tf.train.adam instead of genmodels' fused adam) STEPS times
 * after one warm-up, in two phases profiled apart: loss + gradients, then the optimizer's update.
 * Prints per phase and kernel name: calls per step, ms per step and share. Wall time per phase is
 * printed too; the kernel sum is below it by the engine's per-op overhead (allocation, tape, JS).
 * Composite kernels (packages/tfjs-wasm-fast) are timed whole: BatchMatMul includes its transposes.
 */
import { initBackend, PixelCNN, tf, VAE } from 'genmodels';
import { BENCH_PIXELCNN, BENCH_VAE, binaryImages, makeOptimizer } from './workloads';

interface Row {
  name: string;
  calls: number;
  ms: number;
}

/** Accumulates one phase's kernels over the profiled steps. */
class Phase {
  rows = new Map<string, Row>();
  wall = 0;
  async run<T>(f: () => T): Promise<T> {
    let out: T | undefined;
    const t0 = performance.now();
    const info = await tf.profile(() => {
      out = f();
      return [] as tf.Tensor[];
    });
    this.wall += performance.now() - t0;
    for (const k of info.kernels) {
      const row = this.rows.get(k.name) ?? { name: k.name, calls: 0, ms: 0 };
      row.calls++;
      row.ms += k.kernelTimeMs as number;
      this.rows.set(k.name, row);
    }
    return out!;
  }
  print(title: string, n: number): void {
    const sorted = [...this.rows.values()].sort((a, b) => b.ms - a.ms);
    const total = sorted.reduce((s, r) => s + r.ms, 0);
    console.log(`\n${title}: wall ${(this.wall / n).toFixed(2)} ms/step; kernels ${(total / n).toFixed(2)} ms/step`);
    console.log('  kernel'.padEnd(24) + 'calls/step'.padStart(11) + 'ms/step'.padStart(10) + 'share'.padStart(8));
    for (const r of sorted) {
      console.log(
        `  ${r.name}`.padEnd(24) +
          (r.calls / n).toFixed(1).padStart(11) +
          (r.ms / n).toFixed(3).padStart(10) +
          `${((100 * r.ms) / total).toFixed(1)}%`.padStart(8),
      );
    }
  }
}

async function main(): Promise<void> {
  const [steps = '20', backend = 'wasm', which = 'fused', name = 'vae'] = process.argv.slice(2);
  if (!['vae', 'pixelcnn'].includes(name)) throw new Error(`profile: MODEL must be vae or pixelcnn, not "${name}"`);
  const n = Number(steps);
  await initBackend({ backend, verbose: true });
  const model = name === 'vae' ? new VAE(BENCH_VAE) : new PixelCNN(BENCH_PIXELCNN);
  const x = binaryImages(name === 'vae' ? [128, 784] : [32, 784], name === 'vae' ? 3 : 4) as tf.Tensor2D;
  const optimizer = which === 'stock' ? tf.train.adam(1e-3) : makeOptimizer();
  const grads = new Phase(),
    update = new Phase();
  for (let i = 0; i <= n; i++) {
    const phases = i === 0 ? [new Phase(), new Phase()] : [grads, update]; // step 0 warms up
    const { value, grads: g } = await phases[0].run(() =>
      tf.variableGrads(() => model.loss({ x }, { seed: i, beta: 1 }).total, model.params.list()),
    );
    await phases[1].run(() => optimizer.applyGradients(g));
    await value.data();
    tf.dispose([value, ...Object.values(g)]);
  }
  grads.print(`loss + gradients (${n} steps)`, n);
  update.print(`optimizer update (${which === 'stock' ? 'tf.train.adam' : 'fused adam'})`, n);
  process.exit(0);
}

main();
