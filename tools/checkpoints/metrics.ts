/**
 * checkpoints/NAME/metrics.json: what a shipped checkpoint is, how it was made, what it scores, and
 * the fast check that reproduces its figures (test/checkpoints.test.ts runs it):
 *
 *   npm run eval -- checkpoints/NAME --json ...check.args   ≈ check.result   within check.tolerance
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Tolerance } from '../../lib/src/index';

/**
 * The reproduction tolerance: the eval is deterministic given its seed and batch size (its noise
 * and binarization are drawn in JS from seeds, per-example figures are added in float64), and wasm
 * gives identical figures with 1 or 2 threads; what differs between backends (wasm vs cpu) is the
 * float32 summation order within an image and the exp/log kernels. Measured wasm vs cpu on a
 * 784-512-256-20 VAE (1000 test images, k = 10) and a DAE (2000 images): at most 8.1e-7 relative.
 * 1e-4 leaves a 100× margin, yet a wrong model, data set or binarization moves the figures by far
 * more (a 1 % change fails). absolute covers exact zeros (the KL of an autoencoder).
 */
export const TOLERANCE: Tolerance = { relative: 1e-4, absolute: 1e-6 };

/** Report fields that describe the run, not the model: not compared. */
export const RUN_FIELDS = ['checkpoint', 'seconds', 'backend'] as const;

/** The --json object of `npm run eval` (tools/eval.ts documents its fields). */
export type EvalReport = Record<string, unknown> & { kind: string; examples: number };

export interface CheckpointMetrics {
  name: string;
  kind: string;
  config: Record<string, unknown>;
  /** Number of trained scalars. */
  parameters: number;
  /** model.json + weights.bin, bytes. */
  sizeBytes: number;
  /** How weights.bin stores them: 'uint16' affine codes (lib/src/train/quantize.ts) or 'float32'. */
  weights: 'uint16' | 'float32';
  /** The train command chain that produced the weights (resumes joined by &&). */
  command: string | null;
  /** How the run deviated from its command, when it did (e.g. stopped early for time). */
  note?: string;
  /** For a missed quality target: the evidence of what would close the gap (npm run checkpoint --gap). */
  gap?: string;
  seed: number | null;
  data: {
    dataset: string;
    trainExamples: number;
    validationExamples: number;
    testExamples: number;
    binarization: { training: string; evaluation: string };
  };
  training: {
    /** Complete epochs. */
    epochs: number;
    /** Steps done of the epoch after them, when the run was stopped (and saved) mid-epoch. */
    partialEpoch?: { steps: number; of: number };
    batchSize: number | null;
    learningRate: number | null;
    klWarmupEpochs: number | null;
    /** Σ of the epochs' wall-clock seconds on the machine that trained it. */
    seconds: number;
    stopped: string | null;
    /** Validation loss after each epoch. */
    validation: { epoch: number; total: number; reconstruction: number; kl: number }[];
  };
  /** The full test-set evaluation. */
  test: EvalReport;
  check: { args: string[]; result: EvalReport; tolerance: Tolerance };
}

export const METRICS_FILE = 'metrics.json';

/** Thrown for unreadable or malformed metrics.json files. */
export class MetricsError extends Error {
  override name = 'MetricsError';
}

/** Every checkpoints/NAME/metrics.json under `dir`, by name. */
export function readAllMetrics(dir: string): CheckpointMetrics[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => !n.startsWith('.') && statSync(join(dir, n)).isDirectory());
  } catch {
    return [];
  }
  return names.sort().flatMap((n) => {
    const path = join(dir, n, METRICS_FILE);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return [];
    }
    try {
      return [JSON.parse(text) as CheckpointMetrics];
    } catch (err) {
      throw new MetricsError(`${path} is not valid JSON (${(err as Error).message}). Export the checkpoint again: npm run checkpoint -- runs/${n} --name ${n} --force`);
    }
  });
}
