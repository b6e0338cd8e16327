/**
 * `npm run eval -- CHECKPOINT [--json] [--k K]`: test-set metrics of a checkpoint: its loss terms,
 * the reconstruction error and, for VAEs, the ELBO and the IWAE estimate of log p(x) with k samples;
 * for PixelCNN the exact NLL in nats per image and bits per dimension, beside the published figure.
 * Bernoulli models trained on dynamically binarized data are scored on one fixed binarization.
 * A classifier reports its test accuracy; `--classifier DIR` adds the class accuracy of a
 * conditional model's samples (eval-classes.ts).
 */
import { bitsPerDim, Classifier, evaluate, evaluationBinarization, initBackend, loadCheckpoint, loadDataset, PixelCNN, subset } from '../lib/src/index';
import type { Binarization, DatasetName, Evaluation } from '../lib/src/index';
import { num, parse, runCli, UsageError } from './cli';
import { classifierReport, defaultPerClass, describeClassifier, describeSampleClasses, loadJudge, sampleClassAccuracy } from './eval-classes';

const USAGE = `usage: npm run eval -- CHECKPOINT [options]
  --k K        importance samples of the IWAE log p(x) estimate, VAEs; 0 skips it (default 100)
  --json       print the metrics as JSON
  --limit N    evaluate only the first N test examples
  --batch N    examples per forward pass (default 500)
  --seed S     seed of the sampling noise (default 0)
  --classifier DIR   cvae / class-conditional pixelcnn: classify samples of each class with the
                     classifier checkpoint in DIR and report their class accuracy
  --per-class N      samples per class for --classifier (default 100 for cvae, 10 for pixelcnn)`;

const OPTIONS = {
  k: { type: 'string' }, json: { type: 'boolean' }, limit: { type: 'string' }, batch: { type: 'string' }, seed: { type: 'string' },
  classifier: { type: 'string' }, 'per-class': { type: 'string' },
} as const;

async function main(): Promise<void> {
  const { values: v, positionals } = parse(process.argv.slice(2), OPTIONS);
  const dir = positionals[0];
  if (!dir) throw new UsageError('give the checkpoint directory, e.g. runs/vae-mnist.');
  if (v['per-class'] && !v.classifier) throw new UsageError('--per-class needs --classifier DIR.');
  await initBackend({ verbose: !v.json });
  const { model, info } = await loadCheckpoint(dir);
  const judge = v.classifier ? await loadJudge(v.classifier, model) : undefined; // fails before the slow part
  const perClass = v.classifier ? num(v['per-class'], 'per-class', defaultPerClass(model), { min: 1 }) : 0;
  const dataset = ((info.data?.dataset as string | undefined) ?? 'mnist') as DatasetName;
  const binarize = evaluationBinarization(((info.training?.binarize as Binarization | undefined) ?? 'none'));
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
  const exact = model instanceof PixelCNN ? { nll: result.loss.total, bitsPerDim: bitsPerDim(result.loss.total, model.config.inputDim) } : {};
  const report = { checkpoint: dir, kind: model.kind, dataset: `${dataset}/test`, binarize, seconds: (Date.now() - started) / 1000, ...result, ...exact };
  const classes = judge ? await sampleClassAccuracy(model, judge, { perClass, seed }) : undefined;
  console.log(v.json ? JSON.stringify({ ...report, ...(classes ? { classAccuracy: classes } : {}) }, null, 1) : describe(report) + (classes ? `\n${describeSampleClasses(classes)}` : ''));
  model.dispose();
}

/** van den Oord et al. 2016, PixelCNN on (fixed stochastically) binarized MNIST, −log p(x) in nats. */
const PUBLISHED_PIXELCNN_NLL = 81.3;

function describe(r: Evaluation & { checkpoint: string; kind: string; dataset: string; binarize: string; seconds: number; nll?: number; bitsPerDim?: number }): string {
  const lines = [
    `${r.kind} ${r.checkpoint} on ${r.dataset} (${r.examples} examples, binarize ${r.binarize})`,
    `  loss                  ${r.loss.total.toFixed(2)}${r.elbo !== undefined ? ' nats (−ELBO with the model β)' : ''}` + (r.loss.kl ? `  (reconstruction ${r.loss.reconstruction.toFixed(2)} + KL ${r.loss.kl.toFixed(2)})` : ''),
    `  squared error         ${r.squaredError.toFixed(2)} per image (sum over pixels)`,
  ];
  if (r.elbo !== undefined) lines.push(`  ELBO                  ${r.elbo.toFixed(2)} nats`);
  if (r.logPx !== undefined) lines.push(`  log p(x), IWAE k=${r.k}`.padEnd(24) + `${r.logPx.toFixed(2)} nats`);
  if (r.nll !== undefined && r.bitsPerDim !== undefined) {
    lines.push(`  exact NLL −log p(x)    ${r.nll.toFixed(2)} nats per image, ${r.bitsPerDim.toFixed(4)} bits/dim (published PixelCNN: ${PUBLISHED_PIXELCNN_NLL.toFixed(2)} nats, van den Oord et al. 2016)`);
  }
  lines.push(`  (${r.seconds.toFixed(1)} s)`);
  return lines.join('\n');
}

runCli(USAGE, main);
