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
 * Resuming is exact: batch i of epoch e is fixed by (seed, e, i) and step t's noise by
 * deriveSeed(seed, 'step', t), so a history whose last epoch stopped after k steps continues that
 * epoch at batch k, and (with the saved weights and Adam state) ends where an uninterrupted run ends.
 *
 * @example
 *   const history = await fit(vae, train, { epochs: 5, validation, callbacks: progressBar() });
 *   history.epochs.at(-1)?.validation?.total; // −ELBO on the validation set
 */
import * as tf from '@tensorflow/tfjs';
import { explainMissingKernel } from '../backend';
import type { Binarization } from '../data';
import { throwIfInterrupted } from '../interrupt';
import { deriveSeed } from '../seed';
import { configFrom, type TrainableModel } from '../models/types';
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
  /** A previous history to continue (resume): epochs and steps count on from it, and an epoch
   * stopped midway continues at its next step. */
  history?: History;
}

/** The defaults of the options that shape the weights (documented on FitOptions above). */
export const FIT_DEFAULTS = {
  epochs: 10,
  batchSize: 128,
  learningRate: 1e-3,
  seed: 0,
  klWarmupEpochs: 0,
  binarize: 'none' as Binarization,
};

/** Those options with the defaults filled in (an option given as undefined takes its default). */
export function resolveFitOptions(options: FitOptions): typeof FIT_DEFAULTS {
  return configFrom(FIT_DEFAULTS, options);
}

/** The loss became NaN or ±Inf; the model keeps the weights from before the failing step. */
export class TrainingDivergedError extends Error {
  override name = 'TrainingDivergedError';
  constructor(
    readonly epoch: number,
    readonly step: number,
    readonly value: number,
    learningRate: number,
  ) {
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
  const history = continueHistory(options.history);
  const stepsPerEpoch = batchCount(data, batchSize);
  if (stepsPerEpoch === 0)
    throw new RangeError('fit: the training data has no examples. Check the dataset and any --limit/subset.');
  const modelBeta = 'beta' in model.config ? (model.config.beta as number) : 0;
  const warmupSteps = klWarmupEpochs * stepsPerEpoch;
  const betaAt = (t: number) => (warmupSteps > 0 ? modelBeta * Math.min(1, (t + 1) / warmupSteps) : modelBeta);
  const run: EpochRun = {
    model,
    data,
    optimizer,
    callbacks,
    history,
    betaAt,
    stepsPerEpoch,
    epochs,
    batchSize,
    seed,
    binarize,
    learningRate,
    signal,
  };
  const initialEpoch = history.epochs.filter((e) => e.complete).length; // an incomplete last epoch is continued
  let stop = await notify(callbacks, 'onTrainBegin', { epochs, stepsPerEpoch, initialEpoch });
  try {
    for (let epoch = initialEpoch; epoch < epochs && !stop && !signal?.aborted; epoch++) {
      let record: EpochRecord;
      ({ record, stop } = await runEpoch(run, epoch)); // a stop at an epoch's last step leaves it complete
      if (validation && record.complete)
        record.validation = await evaluateLoss(model, validation, {
          batchSize,
          seed: deriveSeed(seed, 'validation'),
          binarize: evaluationBinarization(binarize),
        });
      if (await notify(callbacks, 'onEpochEnd', record, { epochs, history })) stop = true;
    }
  } finally {
    if (!options.optimizer) optimizer.dispose();
  }
  history.stopped = signal?.aborted ? 'aborted' : stop ? 'callback' : 'completed';
  await notify(callbacks, 'onTrainEnd', history);
  return history;
}

/** A copy of `previous` to continue: its complete epochs, and its last epoch if stopped midway
 * with a step count (older histories have none: that epoch is dropped and run again). */
function continueHistory(previous?: History): History {
  const epochs = (previous?.epochs ?? []).filter(
    (e, i, all) => e.complete || (i === all.length - 1 && e.steps !== undefined && e.sums !== undefined),
  );
  return { epochs: structuredClone(epochs), globalStep: previous?.globalStep ?? 0, stopped: 'completed' };
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

/** The steps of one epoch from its next undone step, until its end or a stop; the record (live in
 * the history) is incomplete when stopped early. */
async function runEpoch(run: EpochRun, epoch: number): Promise<{ record: EpochRecord; stop: boolean }> {
  const { model, optimizer, history, betaAt, seed } = run;
  const record = openRecord(run, epoch);
  const sums = record.sums!;
  const started = Date.now() - record.seconds * 1000;
  let stop = false;
  for (const batch of batchesOf(run.data, {
    batchSize: run.batchSize,
    seed,
    epoch,
    binarize: run.binarize,
    startBatch: record.steps,
  })) {
    const step = record.steps!;
    const beta = betaAt(history.globalStep);
    const loss = trainStep(model, optimizer, batch, { seed: deriveSeed(seed, 'step', history.globalStep), beta });
    if (!Number.isFinite(loss.total)) throw new TrainingDivergedError(epoch, step, loss.total, run.learningRate);
    for (const k of ['total', 'reconstruction', 'kl'] as const) sums[k] += loss[k];
    history.globalStep++;
    Object.assign(record, {
      steps: step + 1,
      beta,
      seconds: (Date.now() - started) / 1000,
      train: meanOf(sums, step + 1),
    });
    stop = await notify(
      run.callbacks,
      'onStep',
      { epoch, epochs: run.epochs, step, stepsPerEpoch: run.stepsPerEpoch, globalStep: history.globalStep, beta, loss },
      { history },
    );
    await yieldToEventLoop(); // lets signal handlers, timers and display updates run mid-epoch
    throwIfInterrupted(); // the notebook's interrupt button; the weights stay those of the last step
    if (stop || run.signal?.aborted) break;
  }
  record.complete = record.steps === run.stepsPerEpoch;
  if (record.complete) delete record.sums;
  return { record, stop };
}

/** The history's record of `epoch`: the incomplete one being resumed, or a new one appended. */
function openRecord(run: EpochRun, epoch: number): EpochRecord {
  const last = run.history.epochs.at(-1);
  if (last && !last.complete && last.epoch === epoch) {
    if (last.steps! > run.stepsPerEpoch) {
      throw new RangeError(
        `fit: the resumed epoch ${epoch + 1} has done ${last.steps} steps, but the data gives ${run.stepsPerEpoch} per epoch. Resume with the same data and batch size.`,
      );
    }
    return last;
  }
  const zero = () => ({ total: 0, reconstruction: 0, kl: 0 });
  const record: EpochRecord = {
    epoch,
    beta: run.betaAt(run.history.globalStep),
    seconds: 0,
    train: zero(),
    complete: false,
    steps: 0,
    sums: zero(),
  };
  run.history.epochs.push(record);
  return record;
}

function meanOf(sums: Metrics, n: number): Metrics {
  return { total: sums.total / n, reconstruction: sums.reconstruction / n, kl: sums.kl / n };
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
function trainStep(
  model: TrainableModel,
  optimizer: tf.Optimizer,
  batch: Parameters<TrainableModel['loss']>[0],
  lossOptions: { seed: number; beta: number },
): Metrics {
  let parts: tf.Scalar[] = [];
  const gradients = () =>
    tf.variableGrads(() => {
      const terms = model.loss(batch, lossOptions);
      parts = [tf.keep(terms.reconstruction), tf.keep(terms.kl)];
      return terms.total;
    }, model.params.list());
  let step: ReturnType<typeof gradients>;
  try {
    step = gradients();
  } catch (err) {
    throw explainMissingKernel(err);
  }
  const { value, grads } = step;
  const [total, reconstruction, kl] = [value, ...parts].map((t) => t.dataSync()[0]);
  if (Number.isFinite(total)) optimizer.applyGradients(grads);
  tf.dispose([value, ...parts, ...Object.values(grads)]);
  return { total, reconstruction, kl };
}
