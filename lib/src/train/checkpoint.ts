/**
 * Checkpoints in TF.js format: model.json + weights.bin (fs-handler.ts), holding
 *   modelTopology        { kind, config, parameters: [{ name, shape }] } — enough to rebuild the model
 *   weights              every parameter under its stable name, plus the optimizer's state as
 *                        `optimizer/0…` (Adam's step count and moments) so training can resume;
 *                        Adam's bias-correction powers β₁ᵗ⁺¹, β₂ᵗ⁺¹ go in the topology as numbers;
 *                        float32, or uint16-quantized with { quantize: 'uint16' } (quantize.ts)
 *   userDefinedMetadata  CheckpointInfo: history, metrics, data, seed, training options, command
 *
 * Loading rebuilds the model from its kind and config and checks every parameter's name and shape
 * before assigning it; a mismatch names the parameters that differ.
 *
 * @example
 *   await saveCheckpoint(vae, 'runs/vae', { seed: 42, history }, optimizer);
 *   const { model, info, optimizer } = await loadCheckpoint('runs/vae');
 */
import * as tf from '@tensorflow/tfjs';
import { buildModel, isModelKind } from '../models/registry';
import type { ModelKind, TrainableModel } from '../models/types';
import { adam } from './adam';
import type { History } from './callbacks';
import { CheckpointError, fileSystemHandler } from './fs-handler';
import { encodeWeightsUint16 } from './quantize';

export const CHECKPOINT_FORMAT = 'genmodels-checkpoint/1';

/** What produced a checkpoint; every field is optional and stored as JSON. */
export interface CheckpointInfo {
  history?: History;
  /** Evaluation results, e.g. the last validation metrics. */
  metrics?: Record<string, unknown>;
  /** The data it was trained on: dataset, sizes, binarization. */
  data?: Record<string, unknown>;
  seed?: number;
  /** fit options: epochs, batchSize, learningRate, klWarmupEpochs, binarize. */
  training?: Record<string, unknown>;
  /** The command line that produced it. */
  command?: string;
  savedAt?: string;
}

interface Topology {
  kind: ModelKind;
  config: Record<string, unknown>;
  parameters: { name: string; shape: number[] }[];
  optimizer?: { className: string; config: Record<string, unknown>; powers?: AdamPowers };
}

/** Adam's running products β₁ᵗ⁺¹ and β₂ᵗ⁺¹ (private fields of TF.js's AdamOptimizer). */
interface AdamPowers {
  accBeta1: number;
  accBeta2: number;
}
type AdamInternals = Partial<Record<keyof AdamPowers, tf.Variable>>;

const OPTIMIZER_PREFIX = 'optimizer/';

export interface SaveOptions {
  /** Store the model's weights as float32 ('none') or as 16-bit affine codes ('uint16', half the size). Default 'none'. */
  quantize?: 'none' | 'uint16';
}

/** Save model (and optimizer state, for resuming) atomically to `dir`. */
export async function saveCheckpoint(
  model: TrainableModel,
  dir: string,
  info: CheckpointInfo = {},
  optimizer?: tf.Optimizer,
  { quantize = 'none' }: SaveOptions = {},
): Promise<void> {
  const named = [...model.params.variables].map(([name, tensor]) => ({ name, tensor }));
  if (quantize === 'uint16' && optimizer)
    throw new TypeError('saveCheckpoint: quantized checkpoints hold weights only; pass no optimizer.');
  const optimizerWeights = optimizer ? await optimizer.getWeights() : [];
  const all = [...named, ...optimizerWeights.map((w, i) => ({ name: `${OPTIMIZER_PREFIX}${i}`, tensor: w.tensor }))];
  const { data, specs } = quantize === 'uint16' ? encodeWeightsUint16(named) : await tf.io.encodeWeights(all);
  if (optimizerWeights.length) optimizerWeights[0].tensor.dispose(); // the step count, made by getWeights
  const topology: Topology = {
    kind: model.kind,
    config: { ...model.config },
    parameters: named.map(({ name, tensor }) => ({ name, shape: tensor.shape })),
    ...(optimizer
      ? {
          optimizer: {
            className: optimizer.getClassName(),
            config: optimizer.getConfig() as Record<string, unknown>,
            powers: adamPowers(optimizer),
          },
        }
      : {}),
  };
  await fileSystemHandler(dir).save({
    modelTopology: topology as unknown as tf.io.ModelArtifacts['modelTopology'],
    format: CHECKPOINT_FORMAT,
    generatedBy: `genmodels (TensorFlow.js ${tf.version.tfjs})`,
    weightSpecs: specs,
    weightData: data,
    userDefinedMetadata: { ...info, savedAt: new Date().toISOString() } as unknown as Record<string, object>,
  });
}

export interface LoadedCheckpoint {
  model: TrainableModel;
  info: CheckpointInfo;
  /** The optimizer with its saved state, when the checkpoint holds one (Adam only; restored as FusedAdam). */
  optimizer?: tf.Optimizer;
}

/** Rebuild the saved model (and optimizer) from `dir`. */
export async function loadCheckpoint(dir: string): Promise<LoadedCheckpoint> {
  const { topology, tensors, info } = await read(dir);
  try {
    const model = buildModel(topology.kind, topology.config);
    assign(model, tensors, dir);
    return { model, info, optimizer: await restoreOptimizer(topology, tensors) };
  } finally {
    tf.dispose(Object.values(tensors));
  }
}

/** Load the weights of `dir` into an existing model, after checking that its architecture matches. */
export async function restoreWeights(model: TrainableModel, dir: string): Promise<CheckpointInfo> {
  const { topology, tensors, info } = await read(dir);
  try {
    if (topology.kind !== model.kind) {
      throw new CheckpointError(
        `${dir} holds a "${topology.kind}" model, not a "${model.kind}". Load it with loadCheckpoint(dir), or build a ${topology.kind}.`,
      );
    }
    assign(model, tensors, dir);
    return info;
  } finally {
    tf.dispose(Object.values(tensors));
  }
}

async function read(dir: string): Promise<{ topology: Topology; tensors: tf.NamedTensorMap; info: CheckpointInfo }> {
  const artifacts = await fileSystemHandler(dir).load();
  const topology = artifacts.modelTopology as unknown as Topology;
  if (artifacts.format !== CHECKPOINT_FORMAT || !topology || !isModelKind(String(topology.kind))) {
    throw new CheckpointError(
      `${dir}/model.json is not a genmodels checkpoint (format "${artifacts.format}", kind "${topology?.kind}"). Expected format "${CHECKPOINT_FORMAT}" from \`npm run train\` or saveCheckpoint.`,
    );
  }
  const tensors = tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs!);
  return { topology, tensors, info: (artifacts.userDefinedMetadata ?? {}) as CheckpointInfo };
}

/** Check that names and shapes agree exactly, then copy the values in. */
function assign(model: TrainableModel, tensors: tf.NamedTensorMap, dir: string): void {
  const problems: string[] = [];
  for (const [name, v] of model.params.variables) {
    const t = tensors[name];
    if (!t) problems.push(`${name} is missing from the checkpoint`);
    else if (!tf.util.arraysEqual(t.shape, v.shape))
      problems.push(`${name} is [${t.shape}] in the checkpoint but [${v.shape}] in the model`);
  }
  const extra = Object.keys(tensors).filter((n) => !n.startsWith(OPTIMIZER_PREFIX) && !model.params.variables.has(n));
  problems.push(...extra.map((n) => `${n} is in the checkpoint but not in the model`));
  if (problems.length) {
    throw new CheckpointError(
      `${dir} does not match this ${model.kind}'s architecture: ${problems.join('; ')}. Build the model with the checkpoint's config (loadCheckpoint does), or retrain.`,
    );
  }
  for (const [name, v] of model.params.variables) v.assign(tensors[name]);
}

async function restoreOptimizer(topology: Topology, tensors: tf.NamedTensorMap): Promise<tf.Optimizer | undefined> {
  if (topology.optimizer?.className !== 'Adam') return undefined;
  const { learningRate, beta1, beta2, epsilon } = topology.optimizer.config as Record<string, number>;
  const optimizer = adam(learningRate, beta1, beta2, epsilon); // tf.train.adam's state and maths, fused on wasm
  const names = Object.keys(tensors).filter((n) => n.startsWith(OPTIMIZER_PREFIX));
  names.sort((a, b) => Number(a.slice(OPTIMIZER_PREFIX.length)) - Number(b.slice(OPTIMIZER_PREFIX.length)));
  // setWeights makes variables from these tensors (sharing their data), so the caller may dispose them.
  await optimizer.setWeights(names.map((name) => ({ name, tensor: tensors[name] })));
  const powers = topology.optimizer.powers;
  const internals = optimizer as unknown as AdamInternals;
  // setWeights recomputes the powers as pow(β, t + 1), which differs from the product Adam kept in
  // float32's last bits; the saved values (float32, exact in JSON) make resuming exact.
  if (powers && internals.accBeta1 && internals.accBeta2) {
    tf.tidy(() => {
      internals.accBeta1!.assign(tf.scalar(powers.accBeta1));
      internals.accBeta2!.assign(tf.scalar(powers.accBeta2));
    });
  }
  return optimizer;
}

function adamPowers(optimizer: tf.Optimizer): AdamPowers | undefined {
  const { accBeta1, accBeta2 } = optimizer as unknown as AdamInternals;
  return accBeta1 && accBeta2 ? { accBeta1: accBeta1.dataSync()[0], accBeta2: accBeta2.dataSync()[0] } : undefined;
}
