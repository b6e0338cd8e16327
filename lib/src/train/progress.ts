/**
 * A terminal progress bar for `fit` (cli-progress), as FitCallbacks: one bar per epoch showing the
 * step, the running mean loss and its terms, then a summary line with the validation metrics.
 * When the stream is not a terminal (logs, CI) only the summary lines are written.
 *
 * @example
 *   await fit(model, train, { epochs: 3, callbacks: progressBar() });
 *   // epoch 1/3 [████████░░░░] 312/469 | loss 121.4 (rec 104.9, kl 16.5) | 14s
 */
import { SingleBar } from 'cli-progress';
import type { EpochRecord, FitCallbacks, Metrics } from './callbacks';

export interface ProgressBarOptions {
  /** Where to draw. Default process.stderr. */
  stream?: NodeJS.WriteStream;
  /** Extra text at the end of the bar, read at every step, e.g. when a checkpoint was last saved. */
  status?: () => string;
}

export function progressBar({ stream = process.stderr, status }: ProgressBarOptions = {}): FitCallbacks {
  let bar: SingleBar | null = null;
  let sums: Metrics = { total: 0, reconstruction: 0, kl: 0 };
  let firstStep = 0; // a resumed epoch's bar starts midway; its running loss covers the steps it saw
  const stopBar = () => {
    bar?.stop();
    bar = null;
  };
  return {
    onStep(info) {
      if (!stream.isTTY) return;
      if (info.step === 0 || !bar) {
        sums = { total: 0, reconstruction: 0, kl: 0 };
        firstStep = info.step;
        bar = new SingleBar({
          stream,
          format: `epoch ${info.epoch + 1}/${info.epochs} [{bar}] {value}/{total} | {loss} | {duration}s{status}`,
          hideCursor: true,
        });
        bar.start(info.stepsPerEpoch, 0, { loss: '', status: '' });
      }
      for (const k of ['total', 'reconstruction', 'kl'] as const) sums[k] += info.loss[k];
      const note = status?.();
      bar.update(info.step + 1, {
        loss: runningLoss(sums, info.step + 1 - firstStep),
        status: note ? ` | ${note}` : '',
      });
    },
    onEpochEnd(record) {
      stopBar();
      stream.write(summary(record) + '\n');
    },
    onTrainEnd: stopBar,
  };
}

/** The mean of n summed step losses: "loss 121.40 (rec 104.90, kl 16.50)". */
export function runningLoss(sums: Metrics, n: number): string {
  const f = (v: number) => (v / n).toFixed(2);
  return sums.kl === 0
    ? `loss ${f(sums.total)}`
    : `loss ${f(sums.total)} (rec ${f(sums.reconstruction)}, kl ${f(sums.kl)})`;
}

/** One line per epoch: "epoch 3: train 104.21 | validation 103.90 (rec 80.1, kl 23.8) | 41.2 s". */
export function summary(record: EpochRecord): string {
  const terms = (m: Metrics) =>
    m.kl === 0
      ? m.total.toFixed(2)
      : `${m.total.toFixed(2)} (rec ${m.reconstruction.toFixed(2)}, kl ${m.kl.toFixed(2)})`;
  const val = record.validation ? ` | validation ${terms(record.validation)}` : '';
  const partial = record.complete ? '' : ' (stopped mid-epoch)';
  return `epoch ${record.epoch + 1}: train ${terms(record.train)}${val} | ${record.seconds.toFixed(1)} s${partial}`;
}
