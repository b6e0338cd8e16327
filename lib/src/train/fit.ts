/**
 * The training loop: mini-batch Adam on a model's loss (Kingma & Ba 2015).
 *
 *   for epoch e, step t:  θ ← Adam(θ, ∇_θ L_β(t)(batch_t))
 *   β(t) = β · min(1, (t + 1) / (klWarmupEpochs · stepsPerEpoch))      KL warm-up (Bowman et al. 2016)
 *
 * Each step's loss is read back before the update is applied: a NaN or Inf loss throws
 * `TrainingDivergedError` naming the epoch and step, and the model keeps its last finite weights.
 * A callback returning 'stop' or an aborted `signal` ends training after the current step.
 *
 * @example
 *   const history = await fit(vae, train, { epochs: 5, validation, callbacks: progressBar() });
 *   history.epochs.at(-1)?.validation?.total; // −ELBO on the validation set
 */
import * as tf from '@tensorflow/tfjs';
import type { Binarization } from '../data';
import { throwIfInterrupted } from '../notebook/interrupt';
import { deriveSeed } from '../seed';
import type { TrainableModel } from '../models/types';
import { adam } from './adam';
import { notify, type EpochRecord, type FitCallbacks, type History, type Metrics } from './callbacks';
import { evaluateLoss } from './evaluate';
import { batchCount, batchesOf, type TrainData } from './source';

export interface FitOptions {
  /** Train until this many epochs are complete (counting a resumed history's). Default 10. */
  epochs?: number;
  /** Examples per step. Default 128. */
  batchSize?: number;
  /** Adam step size. Default 1e-3. Ignored when `optimizer` is given. */
  learningRate?: number;
  /** Seed of shuffling and of each step's noise. Default 0. */
  seed?: number;
  /** Binarization of image sets. 'dynamic' (a fresh Bernoulli sample per epoch) suits Bernoulli
   * decoders; validation then uses the fixed 'stochastic' sample. Default 'none'. */
  binarize?: Binarization;
  /** Epochs over which β ramps linearly from 0 to the model's β. Default 0 (no warm-up). */
  klWarmupEpochs?: number;
  /** Evaluated after every epoch with the model's own β. Default: none. */
  validation?: TrainData;
  /** Progress and control hooks, e.g. `progressBar()`. Default: none. */
  callbacks?: FitCallbacks | FitCallbacks[];
  /** Aborting stops training after the current step. */
  signal?: AbortSignal;
  /** An optimizer to continue with (its moments are kept). Default: a new `adam(learningRate)` (./adam.ts,
   * tf.train.adam fused on wasm), disposed at the end. */
  optimizer?: tf.Optimizer;
  /** A previous history to continue (resume): epochs and steps count on from it. */
  history?: History;
}

/** The defaults of the options that shape the weights (documented on FitOptions above). */
export const FIT_DEFAULTS = { epochs: 10, batchSize: 128, learningRate: 1e-3, seed: 0, klWarmupEpochs: 0, binarize: 'none' as Binarization };

/** Those options with the defaults filled in (an option given as undefined takes its default). */
export function resolveFitOptions(options: FitOptions): typeof FIT_DEFAULTS {
  const D = FIT_DEFAULTS;
  const { epochs = D.epochs, batchSize = D.batchSize, learningRate = D.learningRate, seed = D.seed, klWarmupEpochs = D.klWarmupEpochs, binarize = D.binarize } = options;
  return { epochs, batchSize, learningRate, seed, klWarmupEpochs, binarize };
}

/** The loss became NaN or ±Inf; the model keeps the weights from before the failing step. */
export class TrainingDivergedError extends Error {
  override name = 'TrainingDivergedError';
  constructor(readonly epoch: number, readonly step: number, readonly value: number, learningRate: number) {
    super(
      `Training diverged: the loss is ${value} at epoch ${epoch + 1}, step ${step + 1}. ` +
        'The model keeps its weights from before this step. Remedies: lower the learning rate ' +
        `(now ${learningRate}), use KL warm-up (klWarmupEpochs), check that inputs are in [0, 1] ` +
        'and contain no NaN, or narrow the log-variance clamp (logVarMin, logVarMax).',
    );
  }
}

export async function fit(model: TrainableModel, data: TrainData, options: FitOptions = {}): Promise<History> {
  const { epochs, batchSize, learningRate, seed, klWarmupEpochs, binarize } = resolveFitOptions(options);
  const { validation, signal } = options;
  const callbacks = [options.callbacks ?? []].flat();
  const optimizer = options.optimizer ?? adam(learningRate);
  // a resumed history restarts an epoch that was stopped midway
  const history: History = { epochs: (options.history?.epochs ?? []).filter((e) => e.complete), globalStep: options.history?.globalStep ?? 0, stopped: 'completed' };
  const stepsPerEpoch = batchCount(data, batchSize);
  if (stepsPerEpoch === 0) throw new RangeError('fit: the training data has no examples. Check the dataset and any --limit/subset.');
  const modelBeta = 'beta' in model.config ? (model.config.beta as number) : 0;
  const warmupSteps = klWarmupEpochs * stepsPerEpoch;
  const betaAt = (t: number) => (warmupSteps > 0 ? modelBeta * Math.min(1, (t + 1) / warmupSteps) : modelBeta);
  const run: EpochRun = { model, data, optimizer, callbacks, history, betaAt, stepsPerEpoch, epochs, batchSize, seed, binarize, learningRate, signal };
  let stop = await notify(callbacks, 'onTrainBegin', { epochs, stepsPerEpoch, initialEpoch: history.epochs.length });
  try {
    for (let epoch = history.epochs.length; epoch < epochs && !stop && !signal?.aborted; epoch++) {
      const record = await runEpoch(run, epoch);
      stop = !record.complete;
      if (validation && record.complete) record.validation = await evaluateLoss(model, validation, { batchSize, seed: deriveSeed(seed, 'validation'), binarize: evaluationBinarization(binarize) });
      history.epochs.push(record);
      if (await notify(callbacks, 'onEpochEnd', record, { epochs, history })) stop = true;
    }
  } finally {
    if (!options.optimizer) optimizer.dispose();
  }
  history.stopped = signal?.aborted ? 'aborted' : stop ? 'callback' : 'completed';
  await notify(callbacks, 'onTrainEnd', history);
  return history;
}

interface EpochRun {
  model: TrainableModel;
  data: TrainData;
  optimizer: tf.Optimizer;
  callbacks: FitCallbacks[];
  history: History;
  betaAt: (globalStep: number) => number;
  stepsPerEpoch: number;
  epochs: number;
  batchSize: number;
  seed: number;
  binarize: Binarization;
  learningRate: number;
  signal?: AbortSignal;
}

/** The steps of one epoch, until its end or a stop; the record is incomplete when stopped early. */
async function runEpoch(run: EpochRun, epoch: number): Promise<EpochRecord> {
  const { model, optimizer, history, betaAt, seed } = run;
  const started = Date.now();
  const sums: Metrics = { total: 0, reconstruction: 0, kl: 0 };
  let step = 0;
  for (const batch of batchesOf(run.data, { batchSize: run.batchSize, seed, epoch, binarize: run.binarize })) {
    const beta = betaAt(history.globalStep);
    const loss = trainStep(model, optimizer, batch, { seed: deriveSeed(seed, 'step', history.globalStep), beta });
    if (!Number.isFinite(loss.total)) throw new TrainingDivergedError(epoch, step, loss.total, run.learningRate);
    for (const k of ['total', 'reconstruction', 'kl'] as const) sums[k] += loss[k];
    history.globalStep++;
    const stop = await notify(run.callbacks, 'onStep', { epoch, epochs: run.epochs, step, stepsPerEpoch: run.stepsPerEpoch, globalStep: history.globalStep, beta, loss });
    step++;
    await yieldToEventLoop(); // lets signal handlers, timers and display updates run mid-epoch
    throwIfInterrupted(); // the notebook's interrupt button; the weights stay those of the last step
    if (stop || run.signal?.aborted) break;
  }
  const train = { total: sums.total / step, reconstruction: sums.reconstruction / step, kl: sums.kl / step };
  return { epoch, beta: betaAt(history.globalStep - 1), seconds: (Date.now() - started) / 1000, train, complete: step === run.stepsPerEpoch };
}

/** Steps run back to back never reach the macrotask queue; this gives it one turn. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Evaluate on a fixed sample: 'dynamic' training binarization becomes the fixed 'stochastic' one. */
export function evaluationBinarization(training: Binarization): Binarization {
  return training === 'dynamic' ? 'stochastic' : training;
}

/** One gradient step; the update is applied only if the loss is finite. Returns the batch loss. */
function trainStep(model: TrainableModel, optimizer: tf.Optimizer, batch: Parameters<TrainableModel['loss']>[0], lossOptions: { seed: number; beta: number }): Metrics {
  let parts: tf.Scalar[] = [];
  const { value, grads } = tf.variableGrads(() => {
    const terms = model.loss(batch, lossOptions);
    parts = [tf.keep(terms.reconstruction), tf.keep(terms.kl)];
    return terms.total;
  }, model.params.list());
  const [total, reconstruction, kl] = [value, ...parts].map((t) => t.dataSync()[0]);
  if (Number.isFinite(total)) optimizer.applyGradients(grads);
  tf.dispose([value, ...parts, ...Object.values(grads)]);
  return { total, reconstruction, kl };
}
