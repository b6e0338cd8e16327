/**
 * `npm run train -- MODEL [options]`: train ae | dae | vae | cvae | pixelcnn | gated-pixelcnn | classifier on MNIST or Fashion-MNIST with a
 * progress bar; saves a checkpoint (model.json + weights.bin) after every epoch and every
 * --save-every minutes mid-epoch, and metrics.json at the end. Ctrl-C stops after the current step
 * and saves; a second Ctrl-C quits at once. `--resume DIR` continues exactly where DIR was saved,
 * mid-epoch included, with the same final weights as an uninterrupted run. `--grow DIR
 * --first-kernel K` continues a PixelCNN's training with a wider first field (models/grow.ts: the
 * grown model starts out computing DIR's logits) into a new --out directory.
 */
import { join } from 'node:path';
import {
  fit,
  initBackend,
  loadDataset,
  progressBar,
  saveCheckpoint,
  splitValidation,
  subset,
  writeFileAtomic,
} from '../lib/src/index';
import type { FitCallbacks, History } from '../lib/src/index';
import { num, parse, runCli, UsageError } from './cli';
import { growPlan, newPlan, OPTIONS, resumePlan } from './training/plan';

const USAGE = `usage: npm run train -- ae|dae|vae|cvae|pixelcnn|gated-pixelcnn|classifier [options]
  --latent N       latent size (default: the model's, 32 for ae/dae, 20 for vae/cvae)
  --hidden N[,N]   hidden layer sizes, encoder order; the decoder mirrors them
                   (default: the model's, 256 for ae/dae, 400 for vae/cvae, 512,256 for classifier)
  --channels N     pixelcnn hidden channels (default 32; gated-pixelcnn: channels per stack, 32)
  --blocks N       pixelcnn residual blocks (default 5; gated-pixelcnn: gated 3×3 layers after
                   the first, 6)
  --first-kernel K pixelcnn mask-A kernel size, odd (default 7); the receptive field reaches
                   (K − 1)/2 + blocks rows up (gated-pixelcnn: the first gated layer's, default 11;
                   it reaches one row more)
  --class-conditional   pixelcnn, gated-pixelcnn: learn p(x | class) (default: unconditional p(x))
  --epochs N       train until N epochs are done (default 10)
  --batch N        batch size (default 128)
  --lr X           Adam learning rate (default 0.001)
  --beta B         KL weight β, vae/cvae (default 1)
  --warmup E       KL warm-up epochs (default 0)
  --dataset D      mnist | fashion (default mnist)
  --validation N   examples held out of the training set (default 5000)
  --limit N        use only the first N training examples (quick runs)
  --seed S         seed of initialisation, shuffling and noise (default 42)
  --out DIR        checkpoint directory (default runs/MODEL-DATASET)
  --resume DIR     continue training the checkpoint in DIR (its options are kept; --lr sets
                   the learning rate from there on, e.g. to decay it, keeping Adam's moments)
  --grow DIR       pixelcnn, gated-pixelcnn: continue DIR's training with the first field widened
                   to --first-kernel K, into a new --out directory; the new taps start at 0, so
                   the grown model starts at DIR's NLL (other options kept; --lr, --epochs as for
                   --resume; Adam starts afresh)
  --save-every MIN also save mid-epoch every MIN minutes (default 10; 0 = only at epoch ends)`;
async function main(): Promise<void> {
  const { values: v, positionals } = parse(process.argv.slice(2), OPTIONS);
  if (v.resume && v.grow) throw new UsageError('--resume and --grow exclude each other: resume the grown run instead.');
  const plan = v.resume
    ? await resumePlan(v.resume, v)
    : v.grow
      ? await growPlan(v.grow, v)
      : newPlan(positionals[0], v);
  const saveEvery = num(v['save-every'], 'save-every', 10, { integer: false, min: 0 });
  await initBackend();
  const { dataset, validation, limit } = plan.info.data;
  const full = await loadDataset(dataset, 'train');
  const split = splitValidation(limit ? subset(full, limit + validation) : full, {
    validation,
    seed: plan.info.seed ?? 0,
  });
  console.log(
    `${plan.model.kind}: ${plan.model.params.count()} parameters, ${split.train.n} training / ${split.validation.n} validation examples of ${dataset}`,
  );
  if (v.grow) console.log(`grown from ${v.grow}: ${plan.info.grown?.at(-1)?.firstKernel.join(' → ')} first field`);
  const done = plan.history?.epochs.filter((e) => e.complete).length ?? 0;
  if ((v.resume || v.grow) && done >= plan.info.training.epochs)
    console.log(
      `nothing to train: ${done} epoch${done === 1 ? ' is' : 's are'} complete (--epochs N, with N > ${done}, trains on)`,
    );
  else if (v.resume || v.grow)
    console.log(
      `${v.resume ? `resuming ${v.resume}` : 'training'} at ${resumePoint(plan.history, Math.ceil(split.train.n / plan.info.training.batchSize))}`,
    );

  const controller = new AbortController();
  process.once('SIGINT', () => {
    console.error('\nstopping after this step and saving (Ctrl-C again to quit at once)');
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  const save = (history: History) =>
    saveCheckpoint(plan.model, plan.out, { ...plan.info, history, metrics: lastMetrics(history) }, plan.optimizer);
  const saves = periodicSaves(saveEvery, save, plan.out);
  const history = await fit(plan.model, split.train, {
    ...plan.info.training,
    seed: plan.info.seed,
    validation: split.validation,
    optimizer: plan.optimizer,
    history: plan.history,
    signal: controller.signal,
    callbacks: [progressBar({ status: saves.status }), saves.callbacks],
  });
  await save(history);
  writeFileAtomic(
    join(plan.out, 'metrics.json'),
    JSON.stringify({ metrics: lastMetrics(history), history }, null, 1) + '\n',
  );
  console.log(
    `saved ${plan.out} (${history.stopped}, ${history.epochs.length} epochs). Next: npm run eval -- ${plan.out}`,
  );
}
/** Saves at every epoch end and, between steps, every `minutes` (0: only at epoch ends), so a kill loses at most that much. */
function periodicSaves(
  minutes: number,
  save: (history: History) => Promise<void>,
  out: string,
): { callbacks: FitCallbacks; status: () => string } {
  let last = Date.now();
  let status = '';
  const callbacks: FitCallbacks = {
    async onStep(info, state) {
      if (minutes === 0 || !state || Date.now() - last < minutes * 60_000) return;
      await save(state.history);
      last = Date.now();
      status = `saved ${new Date().toTimeString().slice(0, 8)}`;
      // on a terminal the progress bar shows the status; logs get a line
      if (!process.stderr.isTTY)
        console.error(`saved ${out} at epoch ${info.epoch + 1}, step ${info.step + 1} of ${info.stepsPerEpoch}`);
    },
    async onEpochEnd(_record, { history }) {
      await save(history);
      last = Date.now();
    },
  };
  return { callbacks, status: () => status };
}

/** Where a resumed run continues, 1-based: "epoch 3, step 812 of 1719". */
function resumePoint(history: History | undefined, stepsPerEpoch: number): string {
  const last = history?.epochs.at(-1);
  const done = history?.epochs.filter((e) => e.complete).length ?? 0;
  if (!last || last.complete) return `epoch ${done + 1}, step 1 of ${stepsPerEpoch}`;
  if (last.steps === undefined)
    return `epoch ${done + 1}, step 1 of ${stepsPerEpoch} (this checkpoint has no step count: the stopped epoch runs again)`;
  return `epoch ${last.epoch + 1}, step ${last.steps + 1} of ${stepsPerEpoch}`;
}

function lastMetrics(history: History): Record<string, unknown> {
  const last = history.epochs.at(-1);
  return last ? { epoch: last.epoch + 1, train: last.train, validation: last.validation } : {};
}

runCli(USAGE, main);
