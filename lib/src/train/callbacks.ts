/**
 * What `fit` reports while it runs, and how a caller stops it.
 *
 * Every hook may return 'stop' (or a promise of it): training ends after the current step, with
 * the model's weights from that step, fully usable. An AbortSignal in the fit options does the same.
 * The terminal progress bar (progress.ts) and the notebook's live display are both FitCallbacks.
 */

/** Batch-mean loss terms as plain numbers. kl is 0 for plain autoencoders. */
export interface Metrics {
  total: number;
  reconstruction: number;
  kl: number;
}

export interface StepInfo {
  epoch: number; // 0-based
  epochs: number; // the last epoch index is epochs − 1
  step: number; // 0-based within the epoch
  stepsPerEpoch: number;
  globalStep: number; // steps since the model's first training step (continues on resume)
  beta: number; // KL weight used at this step (after warm-up)
  loss: Metrics; // this step's batch loss
}

export interface EpochRecord {
  epoch: number;
  beta: number; // KL weight at the epoch's last step
  seconds: number; // wall time of the epoch's training steps
  train: Metrics; // mean of the step losses over the epoch
  validation?: Metrics; // on the validation set with the model's own β, after the epoch
  complete: boolean; // false when stopped mid-epoch
  /** Steps done in this epoch; fit resumes an incomplete epoch at the next step. */
  steps?: number;
  /** Summed step losses so far, kept on an incomplete record so a resumed epoch's mean covers every step. */
  sums?: Metrics;
}

export type Control = void | 'stop';

export interface FitCallbacks {
  onTrainBegin?(info: { epochs: number; stepsPerEpoch: number; initialEpoch: number }): Control | Promise<Control>;
  /** fit passes `history`: the live history, its last record this epoch so far (e.g. to save a checkpoint mid-epoch). */
  onStep?(info: StepInfo, state?: { history: History }): Control | Promise<Control>;
  /** `history` is the live history including this epoch (copy it to keep a snapshot). */
  onEpochEnd?(record: EpochRecord, info: { epochs: number; history: History }): Control | Promise<Control>;
  onTrainEnd?(history: History): void | Promise<void>;
}

export type StopReason = 'completed' | 'callback' | 'aborted';

export interface History {
  epochs: EpochRecord[];
  /** Steps taken in total, over every fit call that produced this history. */
  globalStep: number;
  stopped: StopReason;
}

/** Call one hook on every callback; 'stop' from any of them wins. */
export async function notify<K extends keyof FitCallbacks>(
  list: FitCallbacks[],
  hook: K,
  ...args: Parameters<NonNullable<FitCallbacks[K]>>
): Promise<boolean> {
  let stop = false;
  for (const cb of list) {
    const fn = cb[hook] as ((...a: typeof args) => unknown) | undefined;
    if (fn && (await fn.apply(cb, args)) === 'stop') stop = true;
  }
  return stop;
}
