/**
 * A TF.js IOHandler on the local filesystem that needs no tfjs-node: `DIR/model.json` (topology,
 * weights manifest, metadata) and `DIR/weights.bin` (the weights: little-endian float32, or quantized codes), the
 * layout `tf.loadLayersModel`/`tfjs-node`'s file:// handler use.
 *
 * Atomic saves: each file is written to a temporary sibling, fsync'd, then renamed over the target,
 * and the directory is fsync'd, so a crash leaves either the old file or the new one, never half.
 * weights.bin is written first; model.json, written last, records its byte length and SHA-256.
 * Until the new model.json is in place the previous weights stay as weights.bin.prev (a hard link),
 * so a reader of a mixed state (a kill -9 between the two renames: new weights, old model.json)
 * loads the previous save whole.
 */
import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';
const PREVIOUS_WEIGHTS = `${WEIGHTS_FILE}.prev`;

/** A checkpoint is missing, truncated, corrupt, or does not fit the model it is loaded into. */
export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

/** Write `data` to `path` atomically: temp file, fsync, rename, fsync of the directory. */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  syncDirectory(join(path, '..'));
}

function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** An IOHandler reading and writing `dir` (usable with any TF.js save/load that takes a handler). */
export function fileSystemHandler(dir: string): Required<Pick<tf.io.IOHandler, 'save' | 'load'>> {
  return { save: (artifacts) => save(dir, artifacts), load: () => load(dir) };
}

async function save(dir: string, artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
  mkdirSync(dir, { recursive: true });
  const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? new ArrayBuffer(0)));
  const manifest: tf.io.WeightsManifestConfig = [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }];
  const { modelTopology, format, generatedBy, convertedBy, userDefinedMetadata } = artifacts;
  const json: ModelJSONFile = {
    modelTopology: modelTopology ?? {},
    format,
    generatedBy,
    convertedBy,
    userDefinedMetadata,
    weightsManifest: manifest,
    weightsByteLength: weights.byteLength,
    weightsSha256: sha256(weights),
  };
  const [weightsPath, previous] = [join(dir, WEIGHTS_FILE), join(dir, PREVIOUS_WEIGHTS)];
  rmSync(previous, { force: true });
  if (existsSync(weightsPath)) linkSync(weightsPath, previous); // what the current model.json describes
  writeFileAtomic(weightsPath, weights);
  writeFileAtomic(join(dir, MODEL_FILE), JSON.stringify(json, null, 1));
  rmSync(previous, { force: true });
  return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
}

async function load(dir: string): Promise<tf.io.ModelArtifacts> {
  const modelPath = join(dir, MODEL_FILE);
  const json = readJson(modelPath);
  const weightsPath = join(dir, WEIGHTS_FILE);
  const weights = weightsOf(dir, json);
  const specs = tf.io.getWeightSpecs(json.weightsManifest);
  const expected = specs.reduce(
    (n, s) => n + s.shape.reduce((a, b) => a * b, 1) * (s.quantization ? QUANTIZED_BYTES[s.quantization.dtype] : 4),
    0,
  );
  if (weights.byteLength !== expected || weights.byteLength !== json.weightsByteLength) {
    throw new CheckpointError(
      `${weightsPath} has ${weights.byteLength} bytes but ${modelPath} describes ${expected}. ` +
        'The checkpoint is truncated or its files come from different saves; save it again or use another checkpoint.',
    );
  }
  const data = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  return tf.io.getModelArtifactsForJSONSync(json, specs, data);
}

/** Bytes per value of TF.js's quantized weight encodings (quantize.ts writes uint16). */
const QUANTIZED_BYTES = { uint8: 1, uint16: 2, float16: 2 } as const;

type ModelJSONFile = tf.io.ModelJSON & { weightsByteLength?: number; weightsSha256?: string };

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The weights model.json describes: weights.bin, or the previous save's when a save was cut between its two files. */
function weightsOf(dir: string, json: ModelJSONFile): Uint8Array {
  const weights = readBytes(join(dir, WEIGHTS_FILE));
  if (!json.weightsSha256 || sha256(weights) === json.weightsSha256) return weights;
  const previous = join(dir, PREVIOUS_WEIGHTS);
  const old = existsSync(previous) ? readFileSync(previous) : undefined;
  if (old && sha256(old) === json.weightsSha256) return old;
  if (weights.byteLength !== json.weightsByteLength) return weights; // the length check names the truncation
  throw new CheckpointError(
    `${join(dir, WEIGHTS_FILE)} does not match the SHA-256 recorded in ${join(dir, MODEL_FILE)}: the files come from different saves or are corrupt. Save it again or use another checkpoint.`,
  );
}

function readJson(path: string): ModelJSONFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new CheckpointError(
      `No checkpoint at ${path}: the file cannot be read. Pass a directory written by \`npm run train\` (it holds ${MODEL_FILE} and ${WEIGHTS_FILE}).`,
    );
  }
  let json: ModelJSONFile;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new CheckpointError(
      `${path} is not valid JSON (${(err as Error).message}); the file is truncated or corrupt. Save the checkpoint again.`,
    );
  }
  if (!json || typeof json !== 'object' || !json.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw new CheckpointError(
      `${path} is not a TF.js model.json: expected "modelTopology" and "weightsManifest" fields.`,
    );
  }
  return json;
}

function readBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch {
    throw new CheckpointError(`${path} is missing: the checkpoint has a model.json but no weights. Save it again.`);
  }
}
