/**
 * Live training progress in a notebook: one output, updated in place (update_display_data), with
 * a progress bar for the current epoch, the running loss and a line per finished epoch. Updates are
 * throttled, so the kernel sends a few messages a second however fast the steps are.
 *
 * @example
 *   await fit(vae, train, { epochs: 5, callbacks: liveProgress({ title: 'VAE, 2-D latent' }) });
 */
import type { EpochRecord, FitCallbacks, Metrics, StepInfo } from '../train/callbacks';
import { runningLoss, summary } from '../train/progress';
import { richDisplay } from '../plots/mime';
import { display, type DisplayHandle } from './display';

export interface LiveProgressOptions {
  /** Shown above the bar. Default 'Training'. */
  title?: string;
  /** Least time between two updates, in ms. Default 250. */
  intervalMs?: number;
}

export function liveProgress({ title = 'Training', intervalMs = 250 }: LiveProgressOptions = {}): FitCallbacks {
  let handle: Promise<DisplayHandle> | null = null;
  let last = 0;
  let sums: Metrics = { total: 0, reconstruction: 0, kl: 0 };
  const lines: string[] = [];
  const show = async (step: StepInfo | null) => {
    const bundle = render(title, step, sums, lines);
    if (!handle) handle = display(richDisplay(bundle));
    else await (await handle).update(richDisplay(bundle));
  };
  return {
    async onStep(info) {
      if (info.step === 0) sums = { total: 0, reconstruction: 0, kl: 0 };
      for (const k of ['total', 'reconstruction', 'kl'] as const) sums[k] += info.loss[k];
      const now = Date.now();
      if (now - last >= intervalMs || info.step + 1 === info.stepsPerEpoch) {
        last = now;
        await show(info);
      }
    },
    async onEpochEnd(record: EpochRecord) {
      lines.push(summary(record));
      await show(null);
    },
  };
}

function render(title: string, step: StepInfo | null, sums: Metrics, lines: string[]) {
  const head = step
    ? `epoch ${step.epoch + 1}/${step.epochs}  step ${step.step + 1}/${step.stepsPerEpoch}  ${runningLoss(sums, step.step + 1)}`
    : 'done';
  const fraction = step ? (step.step + 1) / step.stepsPerEpoch : 1;
  const text = [title, head, ...lines].join('\n');
  const html =
    `<div style="font-family:monospace"><b>${escape(title)}</b> ${escape(head)}<br>` +
    `<progress value="${fraction.toFixed(3)}" max="1" style="width:24em"></progress>` +
    lines.map((l) => `<br>${escape(l)}`).join('') +
    '</div>';
  return { 'text/plain': text, 'text/html': html };
}

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
