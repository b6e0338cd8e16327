/**
 * `npm run checkpoint -- runs/NAME --name NAME [options] [-- EVAL FLAGS]`: ship a trained run.
 *   1. copies its weights (without the optimizer state; uint16-quantized unless --weights float32)
 *      to checkpoints/NAME/
 *   2. evaluates them on the full test set (`npm run eval -- checkpoints/NAME --json`) and once
 *      more with fast check arguments (a subset, fewer IWAE samples)
 *   3. writes checkpoints/NAME/metrics.json (tools/checkpoints/metrics.ts) and regenerates
 *      checkpoints/README.md from every metrics.json.
 * Everything is built in a temporary sibling directory and renamed into place at the end, so a
 * failure, or an interrupt (SIGINT, SIGTERM: the running evaluation is stopped too), leaves the
 * previous checkpoint (or none) untouched and no temporary directory behind.
 * `npm run checkpoint -- --readme` only regenerates the README.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  getDataset,
  initBackend,
  loadCheckpoint,
  saveCheckpoint,
  writeFileAtomic,
  MODEL_FILE,
  WEIGHTS_FILE,
} from '../lib/src/index';
import type { CheckpointInfo, DatasetName, History, TrainableModel } from '../lib/src/index';
import { num, parse, runCli, UsageError } from './cli';
import {
  METRICS_FILE,
  readAllMetrics,
  TOLERANCE,
  type CheckpointMetrics,
  type EvalReport,
} from './checkpoints/metrics';
import { renderReadme } from './checkpoints/readme';

const USAGE = `usage: npm run checkpoint -- RUN_DIR --name NAME [options] [-- EVAL FLAGS]
  --name NAME        the checkpoint's name: writes OUT/NAME (letters, digits, '-', '_', '.')
  --out DIR          the checkpoints folder (default checkpoints)
  --limit N          evaluate only the first N test examples (trials; ship the full test set)
  --k K              IWAE samples of the full test evaluation, vae/cvae (default: eval's, 100)
  --check-limit N    test examples of the fast check; 0 = all (default: all for ae/dae, 1000 for
                     vae/cvae, 100 for pixelcnn and gated-pixelcnn)
  --check-k K        IWAE samples of the fast check (default 10)
  --weights W        uint16 (affine 16-bit codes, half the size) | float32 (default uint16)
  --gap TEXT         for a missed quality target: what the evidence says would close the gap
                     (stored as metrics.json's gap, shown in the README)
  --force            replace an existing OUT/NAME
  --readme           only regenerate OUT/README.md from the metrics.json files
  -- FLAGS           further eval flags for both evaluations, e.g. -- --corruptions`;

const OPTIONS = {
  name: { type: 'string' },
  out: { type: 'string' },
  limit: { type: 'string' },
  k: { type: 'string' },
  'check-limit': { type: 'string' },
  'check-k': { type: 'string' },
  weights: { type: 'string' },
  gap: { type: 'string' },
  force: { type: 'boolean' },
  readme: { type: 'boolean' },
} as const;

const ROOT = join(__dirname, '..');
const CHECK_LIMIT: Record<string, number> = { vae: 1000, cvae: 1000, pixelcnn: 100, 'gated-pixelcnn': 100 };
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const dash = argv.indexOf('--');
  const evalFlags = dash < 0 ? [] : argv.slice(dash + 1);
  const { values: v, positionals } = parse(dash < 0 ? argv : argv.slice(0, dash), OPTIONS);
  const out = v.out ?? 'checkpoints';
  if (v.readme) return writeReadme(out);
  const [run] = positionals;
  if (!run) throw new UsageError('give the trained run directory, e.g. runs/vae-20.');
  if (!v.name || !NAME.test(v.name))
    throw new UsageError(
      `--name must be a folder name of letters, digits, '-', '_' or '.'${v.name ? `, got "${v.name}"` : ''}.`,
    );
  const weights = v.weights ?? 'uint16';
  if (weights !== 'uint16' && weights !== 'float32')
    throw new UsageError(`--weights must be uint16 or float32, got "${weights}".`);
  const target = join(out, v.name);
  if (existsSync(target) && !v.force)
    throw new UsageError(`${target} exists already. Pass --force to replace it, or choose another --name.`);
  await initBackend({ verbose: false });
  const { model, info } = await loadCheckpoint(run);
  const tmp = join(out, `.${v.name}.tmp-${process.pid}`);
  // a signal skips `finally`: stop the evaluation (it would run on, orphaned) and remove the half-built folder
  const interrupted = (signal: NodeJS.Signals) => {
    evaluation?.kill('SIGTERM');
    rmSync(tmp, { recursive: true, force: true });
    console.error(`${v.name}: interrupted by ${signal}; ${target} is as it was.`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  try {
    await saveCheckpoint(model, tmp, info, undefined, { quantize: weights === 'uint16' ? 'uint16' : 'none' }); // weights only
    const { fullArgs, checkArgs } = evalArgs(model.kind, v, evalFlags);
    console.log(
      `${v.name}: evaluating ${model.kind} on the test set (npm run eval -- ${[target, ...fullArgs].join(' ')})`,
    );
    const test = await evalJson(tmp, target, fullArgs);
    console.log(`${v.name}: fast check (npm run eval -- ${[target, ...checkArgs].join(' ')})`);
    const result = await evalJson(tmp, target, checkArgs);
    const metrics = {
      ...describe(v.name, model, info as Info, tmp, weights, test, { args: checkArgs, result, tolerance: TOLERANCE }),
      ...(v.gap ? { gap: v.gap } : {}),
    };
    writeFileAtomic(join(tmp, METRICS_FILE), JSON.stringify(metrics, null, 1) + '\n');
    rmSync(target, { recursive: true, force: true });
    renameSync(tmp, target);
    console.log(`wrote ${target} (${(metrics.sizeBytes / 1e6).toFixed(1)} MB, ${metrics.parameters} parameters)`);
  } finally {
    process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
    rmSync(tmp, { recursive: true, force: true });
    model.dispose();
  }
  writeReadme(out);
}

/** The eval flags of the test-set evaluation and of the fast check. */
function evalArgs(
  kind: string,
  v: ReturnType<typeof parse<typeof OPTIONS>>['values'],
  evalFlags: string[],
): { fullArgs: string[]; checkArgs: string[] } {
  const vae = kind === 'vae' || kind === 'cvae';
  const limit = num(v.limit, 'limit', 0, { min: 1 }) || Infinity;
  const checkLimit = Math.min(
    num(v['check-limit'], 'check-limit', CHECK_LIMIT[kind] ?? 0, { min: 0 }) || Infinity,
    limit,
  );
  const limitArgs = (n: number) => (n < Infinity ? ['--limit', String(n)] : []);
  const kArgs = (flag: 'k' | 'check-k', fallback: number) =>
    vae ? ['--k', String(num(v[flag], flag, fallback, { min: 0 }))] : [];
  return {
    fullArgs: [...limitArgs(limit), ...kArgs('k', 100), ...evalFlags],
    checkArgs: ['--batch', '500', ...limitArgs(checkLimit), ...kArgs('check-k', 10), ...evalFlags],
  };
}

/** The running evaluation, if any, for the signal handler of main. */
let evaluation: ChildProcess | undefined;

/** `npm run eval -- DIR --json ...args` in a child process; its report, with DIR shown as `shownAs`. */
function evalJson(dir: string, shownAs: string, args: string[]): Promise<EvalReport> {
  return new Promise((done, fail) => {
    const child = (evaluation = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'tools', 'eval.ts'), dir, '--json', ...args],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    ));
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.on('error', fail);
    child.on('close', (status) => {
      if (status !== 0)
        return fail(
          new Error(
            `the evaluation failed (exit ${status}): npm run eval -- ${shownAs} --json ${args.join(' ')}; see its error above.`,
          ),
        );
      try {
        done({ ...(JSON.parse(stdout) as EvalReport), checkpoint: shownAs });
      } catch {
        fail(new Error(`npm run eval -- ${shownAs} --json printed no JSON object: ${stdout.slice(0, 200)}`));
      }
    });
  });
}

/** What tools/train.ts records in a run's metadata. */
type Info = Omit<CheckpointInfo, 'data' | 'training'> & { note?: unknown } & {
  data?: { dataset?: DatasetName; validation?: number; limit?: number | null };
  training?: Record<string, unknown>;
};

function describe(
  name: string,
  model: TrainableModel,
  info: Info,
  dir: string,
  weights: CheckpointMetrics['weights'],
  test: EvalReport,
  check: CheckpointMetrics['check'],
): CheckpointMetrics {
  const dataset = info.data?.dataset ?? 'mnist';
  const validation = info.data?.validation ?? 0;
  const trainExamples = info.data?.limit ?? getDataset(dataset).splits.train.n - validation;
  const history: History | undefined = info.history;
  const t = info.training ?? {};
  const field = (key: string) => (typeof t[key] === 'number' ? (t[key] as number) : null);
  return {
    name,
    kind: model.kind,
    config: { ...model.config },
    parameters: model.params.count(),
    sizeBytes: [MODEL_FILE, WEIGHTS_FILE].reduce((s, f) => s + statSync(join(dir, f)).size, 0),
    weights,
    command: info.command ?? null,
    ...(typeof info.note === 'string' ? { note: info.note } : {}),
    seed: info.seed ?? null,
    data: {
      dataset,
      trainExamples,
      validationExamples: validation,
      testExamples: test.examples,
      binarization: { training: String(t.binarize ?? 'none'), evaluation: String(test.binarize) },
    },
    training: {
      epochs: history?.epochs.filter((e) => e.complete).length ?? 0,
      ...partialEpoch(history, trainExamples, field('batchSize')),
      batchSize: field('batchSize'),
      learningRate: field('learningRate'),
      klWarmupEpochs: field('klWarmupEpochs'),
      seconds: history?.epochs.reduce((s, e) => s + e.seconds, 0) ?? 0,
      stopped: history?.stopped ?? null,
      validation: (history?.epochs ?? [])
        .filter((e) => e.validation)
        .map((e) => ({ epoch: e.epoch + 1, ...e.validation! })),
    },
    test,
    check,
  };
}

/** The stopped epoch's progress, when the last save was mid-epoch (fit keeps its step count). */
function partialEpoch(
  history: History | undefined,
  examples: number,
  batchSize: number | null,
): { partialEpoch?: { steps: number; of: number } } {
  const last = history?.epochs.at(-1);
  return last && !last.complete && last.steps && batchSize
    ? { partialEpoch: { steps: last.steps, of: Math.ceil(examples / batchSize) } }
    : {};
}

function writeReadme(out: string): void {
  const all = readAllMetrics(out);
  if (!all.length)
    throw new UsageError(
      `${out} holds no checkpoint with a ${METRICS_FILE}; export one first: npm run checkpoint -- runs/NAME --name NAME.`,
    );
  writeFileAtomic(join(out, 'README.md'), renderReadme(all));
  console.log(`wrote ${join(out, 'README.md')} (${all.length} checkpoints)`);
}

runCli(USAGE, main);
