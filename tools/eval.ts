/**
 * `npm run eval -- CHECKPOINT [--json] [--k K]`: test-set metrics of a checkpoint: its loss terms,
 * the reconstruction error and, for VAEs, the ELBO and the IWAE estimate of log p(x) with k samples;
 * for PixelCNN the exact NLL in nats per image and bits per dimension, beside the published figure;
 * for the denoising AE (and the plain AE with --corruptions) the error of corrupted inputs and of
 * the model's outputs against the clean images, per corruption.
 * Bernoulli models trained on dynamically binarized data are scored on one fixed binarization.
 * A classifier reports its test accuracy; `--classifier DIR` adds the class accuracy of a
 * conditional model's samples (eval-classes.ts).
 *
 * --json prints one object (checkpoints/NAME/metrics.json's `test` and the reproduction test read it):
 *   checkpoint, kind, dataset ("mnist/test"), binarize, seed, batchSize, backend, seconds
 *   examples          test images evaluated
 *   loss              { total, reconstruction, kl }: the model's loss, mean per image
 *   squaredError      Σ_d (x − x̂)², mean per image;  meanSquaredError: the same per pixel
 *   bce               Bernoulli cross-entropy of x under x̂, nats per image
 *   elbo, logPx, k    vae, cvae: ELBO and IWAE_k log p(x), nats per image (k absent with --k 0)
 *   nll, bitsPerDim   pixelcnn: exact −log p(x), nats per image and bits per pixel
 *   denoising         dae (ae with --corruptions): [{ corruption, corrupted, output, improves }],
 *                     corrupted/output = { meanSquaredError, squaredError } against the clean image
 */
import {
  bitsPerDim,
  Classifier,
  evaluate,
  evaluateDenoising,
  evaluationBinarization,
  initBackend,
  isPixelCNN,
  loadCheckpoint,
  loadDataset,
  subset,
  tf,
} from '../lib/src/index';
import type { Binarization, DatasetName, DenoisingResult, Evaluation } from '../lib/src/index';
import { num, parse, runCli, UsageError } from './cli';
import {
  classifierReport,
  defaultPerClass,
  describeClassifier,
  describeSampleClasses,
  loadJudge,
  sampleClassAccuracy,
} from './eval-classes';

const USAGE = `usage: npm run eval -- CHECKPOINT [options]
  --k K          importance samples of the IWAE log p(x) estimate, VAEs; 0 skips it (default 100)
  --corruptions  ae: also score denoising of Gaussian σ 0.3, masking 0.5, salt-and-pepper 0.2
                 inputs (always on for dae)
  --json         print the metrics as JSON
  --limit N      evaluate only the first N test examples
  --batch N      examples per forward pass (default 500)
  --seed S       seed of the sampling and corruption noise (default 0)
  --classifier DIR   cvae / class-conditional pixelcnn: classify samples of each class with the
                     classifier checkpoint in DIR and report their class accuracy
  --per-class N      samples per class for --classifier (default 100 for cvae, 10 for pixelcnn
                     and gated-pixelcnn)`;

const OPTIONS = {
  k: { type: 'string' },
  json: { type: 'boolean' },
  limit: { type: 'string' },
  batch: { type: 'string' },
  seed: { type: 'string' },
  corruptions: { type: 'boolean' },
  classifier: { type: 'string' },
  'per-class': { type: 'string' },
} as const;

type Report = Evaluation & {
  checkpoint: string;
  kind: string;
  dataset: string;
  binarize: Binarization;
  seed: number;
  batchSize: number;
  backend: string;
  seconds: number;
  nll?: number;
  bitsPerDim?: number;
  denoising?: DenoisingResult[];
};

async function main(): Promise<void> {
  const { values: v, positionals } = parse(process.argv.slice(2), OPTIONS);
  const dir = positionals[0];
  if (!dir) throw new UsageError('give the checkpoint directory, e.g. runs/vae-mnist.');
  if (v['per-class'] && !v.classifier) throw new UsageError('--per-class needs --classifier DIR.');
  await initBackend({ verbose: !v.json });
  const { model, info } = await loadCheckpoint(dir);
  if (v.corruptions && model.kind !== 'ae' && model.kind !== 'dae')
    throw new UsageError(`--corruptions scores autoencoders (ae, dae); ${dir} holds a ${model.kind}.`);
  const judge = v.classifier ? await loadJudge(v.classifier, model) : undefined; // fails before the slow part
  const perClass = v.classifier ? num(v['per-class'], 'per-class', defaultPerClass(model), { min: 1 }) : 0;
  const dataset = ((info.data?.dataset as string | undefined) ?? 'mnist') as DatasetName;
  const binarize = evaluationBinarization((info.training?.binarize as Binarization | undefined) ?? 'none');
  const full = await loadDataset(dataset, 'test');
  const test = v.limit ? subset(full, num(v.limit, 'limit', 0, { min: 1 })) : full;
  const [batchSize, seed] = [num(v.batch, 'batch', 500, { min: 1 }), num(v.seed, 'seed', 0, { min: 0 })];
  if (model instanceof Classifier) {
    const r = await classifierReport(model, test, { checkpoint: dir, batchSize, seed });
    console.log(v.json ? JSON.stringify(r, null, 1) : describeClassifier(r));
    return model.dispose();
  }
  const k = model.kind === 'vae' || model.kind === 'cvae' ? num(v.k, 'k', 100, { min: 0 }) : 0;
  const started = Date.now();
  const result = await evaluate(model, test, { k, binarize, batchSize, seed });
  // PixelCNN's loss is the exact −log p(x): no bound, no sampling
  const exact = isPixelCNN(model)
    ? { nll: result.loss.total, bitsPerDim: bitsPerDim(result.loss.total, model.config.inputDim) }
    : {};
  const denoising =
    model.kind === 'dae' || v.corruptions
      ? { denoising: await evaluateDenoising(model, test, { batchSize, seed, binarize }) }
      : {};
  const context = {
    checkpoint: dir,
    kind: model.kind,
    dataset: `${dataset}/test`,
    binarize,
    seed,
    batchSize,
    backend: tf.getBackend(),
  };
  const report: Report = { ...context, seconds: (Date.now() - started) / 1000, ...result, ...exact, ...denoising };
  const classes = judge ? await sampleClassAccuracy(model, judge, { perClass, seed }) : undefined;
  console.log(
    v.json
      ? JSON.stringify({ ...report, ...(classes ? { classAccuracy: classes } : {}) }, null, 1)
      : describe(report) + (classes ? `\n${describeSampleClasses(classes)}` : ''),
  );
  model.dispose();
}

/** van den Oord et al. 2016, PixelCNN on (fixed stochastically) binarized MNIST, −log p(x) in nats. */
const PUBLISHED_PIXELCNN_NLL = 81.3;

function describe(r: Report): string {
  const lines = [
    `${r.kind} ${r.checkpoint} on ${r.dataset} (${r.examples} examples, binarize ${r.binarize}, seed ${r.seed})`,
    `  loss                  ${r.loss.total.toFixed(2)}${r.elbo !== undefined ? ' nats (−ELBO with the model β)' : ''}` +
      (r.loss.kl ? `  (reconstruction ${r.loss.reconstruction.toFixed(2)} + KL ${r.loss.kl.toFixed(2)})` : ''),
    `  squared error         ${r.squaredError.toFixed(2)} per image (sum over pixels), ${r.meanSquaredError.toFixed(5)} per pixel`,
    `  cross-entropy (BCE)   ${r.bce.toFixed(2)} nats per image`,
  ];
  if (r.elbo !== undefined) lines.push(`  ELBO                  ${r.elbo.toFixed(2)} nats`);
  if (r.logPx !== undefined) lines.push(`  log p(x), IWAE k=${r.k}`.padEnd(24) + `${r.logPx.toFixed(2)} nats`);
  if (r.nll !== undefined && r.bitsPerDim !== undefined) {
    lines.push(
      `  exact NLL −log p(x)    ${r.nll.toFixed(2)} nats per image, ${r.bitsPerDim.toFixed(4)} bits/dim (published PixelCNN: ${PUBLISHED_PIXELCNN_NLL.toFixed(2)} nats, van den Oord et al. 2016)`,
    );
  }
  if (r.denoising) lines.push('  denoising, MSE per pixel against the clean image:', ...r.denoising.map(denoisingLine));
  lines.push(`  (${r.seconds.toFixed(1)} s, ${r.backend})`);
  return lines.join('\n');
}

function denoisingLine({ corruption, corrupted, output, improves }: DenoisingResult): string {
  const level = corruption.kind === 'gaussian' ? `σ ${corruption.std}` : `${corruption.fraction}`;
  return `    ${`${corruption.kind} ${level}`.padEnd(22)}corrupted ${corrupted.meanSquaredError.toFixed(5)}  output ${output.meanSquaredError.toFixed(5)}  ${improves ? 'closer' : 'NOT closer'}`;
}

runCli(USAGE, main);
