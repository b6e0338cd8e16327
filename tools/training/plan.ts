/**
 * What a `npm run train` command line asks for, as a Plan: the model, its optimizer, the history
 * to continue and the metadata to save. Three ways in: a new run (newPlan), a resumed one
 * (resumePlan: the saved weights, Adam state and history, exactly), and a grown one (growPlan:
 * a PixelCNN's weights in a wider first field, models/grow.ts, with its history and a fresh Adam).
 */
import { join, resolve } from 'node:path';
import {
  adam,
  buildModel,
  FusedAdam,
  growInto,
  isModelKind,
  isPixelCNN,
  loadCheckpoint,
  MODEL_KINDS,
} from '../../lib/src/index';
import type {
  AnyPixelCNN,
  Binarization,
  CheckpointInfo,
  DatasetName,
  History,
  TrainableModel,
  tf,
} from '../../lib/src/index';
import { datasetName, num, type parse, UsageError } from '../cli';

export const OPTIONS = {
  latent: { type: 'string' },
  hidden: { type: 'string' },
  epochs: { type: 'string' },
  batch: { type: 'string' },
  lr: { type: 'string' },
  beta: { type: 'string' },
  warmup: { type: 'string' },
  dataset: { type: 'string' },
  validation: { type: 'string' },
  limit: { type: 'string' },
  seed: { type: 'string' },
  out: { type: 'string' },
  resume: { type: 'string' },
  grow: { type: 'string' },
  channels: { type: 'string' },
  blocks: { type: 'string' },
  'first-kernel': { type: 'string' },
  'class-conditional': { type: 'boolean' },
  'save-every': { type: 'string' },
} as const;

export type Flags = ReturnType<typeof parse<typeof OPTIONS>>['values'];

export interface Plan {
  model: TrainableModel;
  optimizer: tf.Optimizer;
  history?: History;
  info: CheckpointInfo & {
    data: { dataset: DatasetName; validation: number; limit: number | null };
    training: Training;
    /** Each --grow: after how many complete epochs, and the first field before and after. */
    grown?: { epochs: number; firstKernel: [number, number] }[];
  };
  out: string;
}

type Training = {
  epochs: number;
  batchSize: number;
  learningRate: number;
  klWarmupEpochs: number;
  binarize: Binarization;
};

export function newPlan(kind: string | undefined, v: Flags): Plan {
  if (!kind || !isModelKind(kind))
    throw new UsageError(
      `the first argument must be a model: ${MODEL_KINDS.join(' | ')}${kind ? `, got "${kind}"` : ''}.`,
    );
  const dataset = datasetName(v.dataset);
  const seed = num(v.seed, 'seed', 42, { min: 0 });
  const config = {
    ...(v.latent ? { latentDim: num(v.latent, 'latent', 0, { min: 1 }) } : {}),
    ...(v.hidden ? { hidden: v.hidden.split(',').map((h) => num(h.trim(), 'hidden', 0, { min: 1 })) } : {}),
    ...(v.beta ? { beta: num(v.beta, 'beta', 1, { integer: false, min: 0 }) } : {}),
    ...pixelcnnConfig(kind, v),
    seed,
  };
  const learningRate = stepSize(v.lr, 1e-3);
  const training: Training = {
    epochs: num(v.epochs, 'epochs', 10, { min: 1 }),
    batchSize: num(v.batch, 'batch', 128, { min: 1 }),
    learningRate,
    klWarmupEpochs: num(v.warmup, 'warmup', 0, { integer: false, min: 0 }),
    // Bernoulli decoders see a fresh binarization each epoch; autoencoders the grey levels. The
    // classifier too trains on fresh binary samples: a regulariser that also makes it judge binary
    // samples well (MNIST test, grey / binarized: 98.3% / 97.6%, against 97.9% / 97.2% on grey levels)
    binarize:
      kind === 'vae' || kind === 'cvae' || kind === 'pixelcnn' || kind === 'gated-pixelcnn' || kind === 'classifier'
        ? 'dynamic'
        : 'none',
  };
  const data = {
    dataset,
    validation: num(v.validation, 'validation', 5000, { min: 1 }),
    limit: v.limit ? num(v.limit, 'limit', 0, { min: 1 }) : null,
  };
  const command = `npm run train -- ${process.argv.slice(2).join(' ')}`;
  const out = v.out ?? join('runs', `${kind}${v['class-conditional'] ? '-conditional' : ''}-${dataset}`);
  return {
    model: buildModel(kind, config),
    optimizer: adam(learningRate),
    info: { seed, command, data, training },
    out,
  };
}

/** The PixelCNNs' flags (plain and gated); other models reject them rather than ignore them. */
function pixelcnnConfig(kind: string, v: Flags): Record<string, number> {
  const given = (['channels', 'blocks', 'first-kernel', 'class-conditional'] as const).filter(
    (flag) => v[flag] !== undefined,
  );
  if (kind !== 'pixelcnn' && kind !== 'gated-pixelcnn') {
    if (given.length) throw new UsageError(`--${given[0]} is a pixelcnn option; ${kind} does not take it.`);
    return {};
  }
  return {
    ...(v.channels ? { channels: num(v.channels, 'channels', 32, { min: 1 }) } : {}),
    ...(v.blocks ? { blocks: num(v.blocks, 'blocks', 5, { min: 0 }) } : {}),
    ...(v['first-kernel'] ? { firstKernel: oddKernel(v['first-kernel']) } : {}),
    ...(v['class-conditional'] ? { numClasses: 10 } : {}),
  };
}

/** --lr: Adam's step size, a positive number. */
function stepSize(text: string | undefined, fallback: number): number {
  const lr = num(text, 'lr', fallback, { integer: false, min: 0 });
  if (lr <= 0) throw new UsageError(`--lr must be a positive number, got "${text}".`);
  return lr;
}

function oddKernel(text: string): number {
  const k = num(text, 'first-kernel', 7, { min: 1 });
  if (k % 2 === 0) throw new UsageError(`--first-kernel must be odd (3, 5, 7…) so the mask has a centre, got ${k}.`);
  return k;
}

export async function resumePlan(dir: string, v: Flags): Promise<Plan> {
  const { model, info, optimizer } = await loadCheckpoint(dir);
  const saved = info as Plan['info'];
  const learningRate = stepSize(v.lr, saved.training.learningRate);
  const training = {
    ...saved.training,
    epochs: num(v.epochs, 'epochs', saved.training.epochs, { min: 1 }),
    learningRate,
  };
  const command = `${saved.command ?? ''} && npm run train -- ${process.argv.slice(2).join(' ')}`;
  if (optimizer && v.lr !== undefined) {
    if (!(optimizer instanceof FusedAdam))
      throw new UsageError(
        `--lr on --resume needs the Adam state of ${dir}; it holds a ${optimizer.getClassName()} optimizer.`,
      );
    optimizer.setLearningRate(learningRate);
  }
  return {
    model,
    optimizer: optimizer ?? adam(learningRate),
    history: saved.history,
    info: { ...saved, training, command },
    out: v.out ?? dir,
  };
}

/** --grow DIR: DIR's PixelCNN with a wider first field, trained on from DIR's history (its epochs count) with a fresh Adam. */
export async function growPlan(dir: string, v: Flags): Promise<Plan> {
  const fixed = (['channels', 'blocks', 'class-conditional'] as const).find((flag) => v[flag] !== undefined);
  if (fixed) throw new UsageError(`--grow keeps ${dir}'s architecture apart from --first-kernel; drop --${fixed}.`);
  if (!v['first-kernel']) throw new UsageError('--grow needs --first-kernel K, the wider first field to grow into.');
  if (!v.out || resolve(v.out) === resolve(dir))
    throw new UsageError(`--grow needs --out NEW_DIR: ${dir} keeps the model it grows from.`);
  const { model: from, info } = await loadCheckpoint(dir);
  if (!isPixelCNN(from)) throw new UsageError(`--grow widens a PixelCNN's first field; ${dir} holds a ${from.kind}.`);
  const k = [from.config.firstKernel, oddKernel(v['first-kernel'])] as [number, number];
  const model = buildModel(from.kind, { ...from.config, firstKernel: k[1] });
  try {
    growInto(from, model as AnyPixelCNN);
  } catch (err) {
    model.dispose();
    throw new UsageError((err as Error).message);
  } finally {
    from.dispose();
  }
  const saved = info as Plan['info'];
  const learningRate = stepSize(v.lr, saved.training.learningRate);
  const epochs = saved.history?.epochs.filter((e) => e.complete).length ?? 0;
  return {
    model,
    optimizer: adam(learningRate),
    history: saved.history,
    info: {
      ...saved,
      training: { ...saved.training, epochs: num(v.epochs, 'epochs', saved.training.epochs, { min: 1 }), learningRate },
      command: `${saved.command ?? ''} && npm run train -- ${process.argv.slice(2).join(' ')}`,
      grown: [...(saved.grown ?? []), { epochs, firstKernel: k }],
    },
    out: v.out,
  };
}
