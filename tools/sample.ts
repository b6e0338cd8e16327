/**
 * `npm run sample -- CHECKPOINT --n 64 [--class c] --out FILE.png`: a grid of images decoded from
 * z ~ N(0, I). For a VAE these are samples of the model; for a CVAE of the chosen class (or of every
 * class in turn); an autoencoder has no prior, so its grid shows what decoding N(0, I) gives.
 * PixelCNN draws its pixels one by one with the fast sampler (the plain model: the cone a pixel
 * reads; the gated one: every feature computed once) and a progress bar, or with --naive the
 * full-image one; both give the same images for the same seed.
 */
import { writeFileSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import {
  Autoencoder,
  ConditionalVAE,
  gridPNG,
  initBackend,
  isPixelCNN,
  loadCheckpoint,
  tf,
  VAE,
  type AnyPixelCNN,
  type TrainableModel,
} from '../lib/src/index';
import { num, parse, runCli, UsageError } from './cli';

const USAGE = `usage: npm run sample -- CHECKPOINT --out FILE.png [options]
  --n N        number of images (default 64)
  --class C    class to generate, cvae and class-conditional (gated-)pixelcnn (default: every class in turn)
  --naive      (gated-)pixelcnn: one full forward pass per pixel instead of the fast sampler
  --seed S     seed of z (default 0)
  --columns N  images per row (default ⌈√n⌉)`;

const OPTIONS = {
  n: { type: 'string' },
  class: { type: 'string' },
  seed: { type: 'string' },
  out: { type: 'string' },
  columns: { type: 'string' },
  naive: { type: 'boolean' },
} as const;

async function main(): Promise<void> {
  const { values: v, positionals } = parse(process.argv.slice(2), OPTIONS);
  const dir = positionals[0];
  if (!dir) throw new UsageError('give the checkpoint directory, e.g. runs/vae-mnist.');
  if (!v.out) throw new UsageError('give the output file with --out FILE.png.');
  const n = num(v.n, 'n', 64, { min: 1, max: 10_000 });
  const seed = num(v.seed, 'seed', 0, { min: 0 });
  await initBackend({ verbose: false });
  const { model } = await loadCheckpoint(dir);
  const conditional = model instanceof ConditionalVAE || (isPixelCNN(model) && model.config.numClasses > 0);
  if (v.class !== undefined && !conditional)
    throw new UsageError(
      `--class needs a cvae or class-conditional pixelcnn checkpoint; ${dir} holds an unconditional ${model.kind}.`,
    );
  if (v.naive && !isPixelCNN(model))
    throw new UsageError(`--naive is a pixelcnn option; ${dir} holds a ${model.kind}.`);
  const label = v.class === undefined ? undefined : num(v.class, 'class', 0, { min: 0 });
  const started = Date.now();
  const images = isPixelCNN(model)
    ? await drawPixels(model, n, seed, label, v.naive ? 'naive' : 'fast')
    : draw(model, n, seed, label); // [n, D]
  const columns = v.columns ? num(v.columns, 'columns', 8, { min: 1 }) : undefined;
  const png = gridPNG(await images.array(), { columns, scale: 2 });
  writeFileSync(v.out, png);
  console.log(
    `wrote ${v.out}: ${n} ${model.kind} samples${label === undefined ? '' : ` of class ${label}`} (seed ${seed}, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  tf.dispose(images);
  model.dispose();
}

function draw(model: TrainableModel, n: number, seed: number, label?: number): tf.Tensor2D {
  if (model instanceof ConditionalVAE) return model.sample(n, { seed, label });
  if (model instanceof VAE) return model.sample(n, { seed });
  if (!(model instanceof Autoencoder)) throw new UsageError(`cannot sample a ${model.kind}.`);
  const ae = model;
  console.log(`${model.kind}: an autoencoder has no prior; decoding z ~ N(0, I) shows why that is not a generator.`);
  return tf.tidy(() => ae.decode(tf.randomNormal([n, ae.config.latentDim], 0, 1, 'float32', seed)));
}

/** PixelCNN's pixel-by-pixel sampling, with a progress bar on a terminal. */
async function drawPixels(
  model: AnyPixelCNN,
  n: number,
  seed: number,
  label: number | undefined,
  method: 'fast' | 'naive',
): Promise<tf.Tensor2D> {
  const bar = process.stderr.isTTY
    ? new SingleBar({
        stream: process.stderr,
        format: `${method} sampling [{bar}] {value}/{total} pixels | {duration}s`,
        hideCursor: true,
      })
    : null;
  bar?.start(model.config.inputDim, 0);
  try {
    return await model.sample(n, { seed, class: label, method, onProgress: (done) => bar?.update(done) });
  } finally {
    bar?.stop();
  }
}

runCli(USAGE, main);
