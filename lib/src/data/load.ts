/**
 * Loading an image dataset into memory as an `ImageSet`: pixels stay uint8 (N·H·W bytes, 47 MB
 * for MNIST's training set) and are converted to float32 in [0, 1] per batch, x = pixel / 255.
 * `images` is a view into the file's bytes, so loading copies nothing after the read.
 *
 * @example
 *   const train = await loadDataset('mnist', 'train'); // train.n === 60000, checksums verified
 */
import { readFileSync } from 'node:fs';
import { IdxCountMismatchError, LabelRangeError } from './errors';
import { gunzipIfNeeded, parseIdx } from './idx';
import { getDataset, parseSplit, type DatasetName, type Split } from './registry';
import { obtain, type SourceOptions } from './sources';

/** Images kept as uint8 in memory (N × H·W bytes), labels as uint8. */
export interface ImageSet {
  name: string; // e.g. 'mnist/train'
  images: Uint8Array; // [N * H * W], row-major, 0..255
  labels: Uint8Array; // [N], 0..numClasses-1
  n: number;
  height: number;
  width: number;
  numClasses: number;
}

export type LoadOptions = SourceOptions;

/** Load a dataset split, verifying checksums (downloads into the cache if no source has it). */
export async function loadDataset(name: DatasetName, split: Split, options: LoadOptions = {}): Promise<ImageSet> {
  const entry = getDataset(name);
  const files = entry.splits[parseSplit(split)];
  const images = await obtain(name, files.images, options);
  const labels = await obtain(name, files.labels, options);
  return imageSetFromIdx(
    `${name}/${split}`,
    { bytes: images.bytes, file: images.path },
    { bytes: labels.bytes, file: labels.path },
    entry,
  );
}

/**
 * Read an images/labels pair of IDX files (raw or .gz) without checksums: for your own files and
 * for tests. Every structural problem is a typed error naming the file.
 */
export function readImageSet(
  name: string,
  imagesFile: string,
  labelsFile: string,
  shape: { height: number; width: number; numClasses: number },
): ImageSet {
  const read = (file: string) => ({ bytes: gunzipIfNeeded(readFileSync(file), file), file });
  return imageSetFromIdx(name, read(imagesFile), read(labelsFile), shape);
}

interface IdxBytes {
  bytes: Uint8Array;
  file: string;
}

function imageSetFromIdx(
  name: string,
  imagesIdx: IdxBytes,
  labelsIdx: IdxBytes,
  shape: { height: number; width: number; numClasses: number },
): ImageSet {
  const { height, width, numClasses } = shape;
  const images = parseIdx(imagesIdx.bytes, imagesIdx.file, { ndim: 3, dims: [null, height, width] }); // [N, H, W]
  const labels = parseIdx(labelsIdx.bytes, labelsIdx.file, { ndim: 1 }); // [N]
  const n = images.dims[0];
  if (labels.dims[0] !== n) {
    throw new IdxCountMismatchError(
      `${labelsIdx.file}: expected ${n} labels, one per image in ${imagesIdx.file}, found ${labels.dims[0]}. ` +
        'The two files belong to different sets (train vs test?): use a matching pair.',
      labelsIdx.file,
    );
  }
  checkLabels(labels.data, numClasses, labelsIdx.file);
  return { name, images: images.data, labels: labels.data, n, height, width, numClasses };
}

function checkLabels(labels: Uint8Array, numClasses: number, file: string): void {
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] >= numClasses) {
      throw new LabelRangeError(
        `${file}: expected labels in 0..${numClasses - 1}, found ${labels[i]} at index ${i}. Is this a labels file of this dataset?`,
        file,
      );
    }
  }
}
