/**
 * `npm run bench:pixelcnn -- [--n 16] [--channels C] [--blocks N] [--skip-naive]`: wall time of
 * PixelCNN's naive sampler (one full 28×28 pass per pixel, 784 passes) against the fast one (each
 * pass on the crop the next pixel depends on), on the current backend (GENMODELS_BACKEND to
 * choose), and whether both drew the same images. Sampling time does not depend on the weights, so
 * an untrained model of the chosen size is timed.
 */
import { initBackend, PixelCNN, PIXELCNN_DEFAULTS, tf } from '../lib/src/index';
import { num, parse, runCli } from './cli';

const USAGE = `usage: npm run bench:pixelcnn -- [options]
  --n N          images per run (default 16)
  --channels C   hidden channels (default ${PIXELCNN_DEFAULTS.channels})
  --blocks N     residual blocks (default ${PIXELCNN_DEFAULTS.blocks})
  --skip-naive   time only the fast sampler (the naive one takes minutes on the cpu backend)`;

const OPTIONS = { n: { type: 'string' }, channels: { type: 'string' }, blocks: { type: 'string' }, 'skip-naive': { type: 'boolean' } } as const;

async function main(): Promise<void> {
  const { values: v } = parse(process.argv.slice(2), OPTIONS);
  const n = num(v.n, 'n', 16, { min: 1 });
  const backend = await initBackend();
  const model = new PixelCNN({ channels: num(v.channels, 'channels', PIXELCNN_DEFAULTS.channels, { min: 1 }), blocks: num(v.blocks, 'blocks', PIXELCNN_DEFAULTS.blocks, { min: 0 }), seed: 1 });
  const { channels, blocks } = model.config;
  console.log(`PixelCNN ${channels} channels, ${blocks} blocks (${model.params.count()} parameters), ${n} images of 28×28, backend ${backend}`);
  const fast = await timed(model, n, 'fast');
  if (!v['skip-naive']) {
    const naive = await timed(model, n, 'naive');
    const same = tf.util.arraysEqual(fast.pixels, naive.pixels);
    console.log(`fast is ${(naive.seconds / fast.seconds).toFixed(1)}× faster than naive; identical samples: ${same ? 'yes' : 'NO'}`);
  }
  model.dispose();
}

async function timed(model: PixelCNN, n: number, method: 'fast' | 'naive'): Promise<{ seconds: number; pixels: Float32Array }> {
  const started = performance.now();
  const images = await model.sample(n, { seed: 7, method });
  const seconds = (performance.now() - started) / 1000;
  const pixels = (await images.data()) as Float32Array;
  images.dispose();
  console.log(`${method.padEnd(5)} ${seconds.toFixed(1)} s (${((1000 * seconds) / model.config.inputDim).toFixed(1)} ms per pixel step)`);
  return { seconds, pixels };
}

runCli(USAGE, main);
