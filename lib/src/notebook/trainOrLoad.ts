/**
 * Train a model, or load weights trained before: how notebooks stay fast in full mode without
 * hiding the training code.
 *
 *   quick mode (GENMODELS_QUICK=1, tests)  always train, briefly; read and write no checkpoints
 *   full mode                              load checkpoints/NAME (shipped with the course), else
 *                                          .cache/checkpoints/NAME (trained by an earlier run),
 *                                          else train and save there
 *
 * A checkpoint is used only when its kind and config equal the model's exactly (seed included),
 * so changing a hyper-parameter in the notebook retrains instead of loading the wrong weights. A
 * cached one must also have been trained with the same options (epochs, batch size, learning
 * rate, warm-up, binarization, seed) and, when the cell asks for validation, have a history with
 * validation records (a cell that plots validation curves must not get a run that had none); a
 * shipped one is the course's reference training of that model, so its options may differ. `retrain: true` (or GENMODELS_RETRAIN=1) always trains.
 *
 * @example
 *   const vae = new VAE({ latentDim: 2, seed: SEED });
 *   const { history, source } = await trainOrLoad(vae, train, { name: 'vae-2d', epochs: byMode({ quick: 1, full: 20 }) });
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { TrainableModel } from '../models/types';
import { isQuick } from '../mode';
import { courseRoot } from '../paths';
import type { History } from '../train/callbacks';
import { restoreWeights, saveCheckpoint } from '../train/checkpoint';
import { fit, resolveFitOptions, type FitOptions } from '../train/fit';
import { progressBar } from '../train/progress';
import type { TrainData } from '../train/source';
import { canDisplay } from './display';
import { liveProgress } from './liveProgress';

export interface TrainOrLoadOptions extends FitOptions {
  /** Checkpoint name, e.g. 'vae-2d'. */
  name: string;
  /** Train even when a matching checkpoint exists. Default: GENMODELS_RETRAIN=1. */
  retrain?: boolean;
  /** Shipped checkpoints. Default: GENMODELS_CHECKPOINTS, else <course root>/checkpoints (paths.ts). */
  shippedDir?: string;
  /** Where notebook-trained checkpoints are saved. Default: <course root>/.cache/checkpoints. */
  cacheDir?: string;
}

export interface TrainOrLoadResult {
  /** The training history: this run's, or the one stored with the checkpoint. */
  history?: History;
  source: 'trained' | 'shipped' | 'cache';
  /** The checkpoint directory loaded or written (none in quick mode). */
  dir?: string;
}

export async function trainOrLoad(
  model: TrainableModel,
  data: TrainData,
  options: TrainOrLoadOptions,
): Promise<TrainOrLoadResult> {
  const { name, retrain = process.env.GENMODELS_RETRAIN === '1', shippedDir, cacheDir, ...fitOptions } = options;
  const shipped = join(shippedDir ?? process.env.GENMODELS_CHECKPOINTS ?? join(courseRoot(), 'checkpoints'), name);
  const cached = join(cacheDir ?? join(courseRoot(), '.cache/checkpoints'), name);
  const quick = isQuick();
  const { seed, ...training } = resolveFitOptions(fitOptions); // what the weights depend on
  if (!quick && !retrain) {
    const wanted = { training, seed, validated: fitOptions.validation !== undefined };
    for (const [dir, source] of [
      [shipped, 'shipped'],
      [cached, 'cache'],
    ] as const) {
      if (!matches(model, dir, source === 'cache' ? wanted : null)) continue;
      const info = await restoreWeights(model, dir);
      // relative to the course root: the notebooks' committed outputs must not show one machine's paths
      console.log(
        `${name}: loaded ${source === 'shipped' ? 'the shipped' : 'a previously trained'} checkpoint (${shown(dir)}); pass retrain: true to train it yourself.`,
      );
      return { history: info.history, source, dir };
    }
  }
  const callbacks = [
    canDisplay() ? liveProgress({ title: `Training ${name}` }) : progressBar(),
    ...[fitOptions.callbacks ?? []].flat(),
  ];
  const history = await fit(model, data, { ...fitOptions, callbacks });
  if (quick) return { history, source: 'trained' };
  await saveCheckpoint(model, cached, {
    history,
    seed,
    training,
    command: `trainOrLoad(${model.kind}, { name: '${name}' })`,
  });
  return { history, source: 'trained', dir: cached };
}

/** Does `dir` hold a checkpoint of exactly this model (kind and config), trained as `wanted` if given? */
function matches(
  model: TrainableModel,
  dir: string,
  wanted: { training: object; seed?: number; validated: boolean } | null,
): boolean {
  const file = join(dir, 'model.json');
  if (!existsSync(file)) return false;
  const { modelTopology, userDefinedMetadata = {} } = JSON.parse(readFileSync(file, 'utf8'));
  const { kind, config } = modelTopology as { kind?: string; config?: object };
  const {
    training = {},
    seed,
    history,
  } = userDefinedMetadata as { training?: object; seed?: number; history?: History };
  const sameModel = kind === model.kind && canonical(config) === canonical(model.config);
  const validated = (history?.epochs ?? []).some((e) => e.validation !== undefined);
  const sameTraining =
    !wanted ||
    (canonical(training) === canonical(wanted.training) && seed === wanted.seed && (validated || !wanted.validated));
  if (!sameModel || !sameTraining)
    console.log(
      `${dir} was trained with another ${sameModel ? 'training setup' : 'config'}; training this one instead.`,
    );
  return sameModel && sameTraining;
}

/** A directory as the reader knows it: relative to the course root when inside it. */
function shown(dir: string): string {
  const rel = relative(courseRoot(), dir);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : dir;
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}
