/**
 * Where downloaded datasets live: `<course root>/.cache/datasets/` (paths.ts) (git-ignored), or `GENMODELS_CACHE`,
 * or an explicit `cacheDir` option — first one given wins. Each dataset gets a subfolder named
 * after it. A missing cache folder is created; one that cannot be created or written is a
 * `CacheError` saying how to point genmodels elsewhere.
 */
import { accessSync, constants, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { courseRoot } from '../paths';
import { CacheError } from './errors';

/** The cache root: `explicit`, else `GENMODELS_CACHE`, else `<course root>/.cache/datasets`. */
export function cacheRoot(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(explicit ?? (env.GENMODELS_CACHE || join(courseRoot(env), '.cache', 'datasets')));
}

/** Create `dir` (and parents) if needed and check it is writable; returns it. */
export function ensureWritableDir(dir: string): string {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw cacheError(dir, e);
  }
  return dir;
}

/** Turn a file-system error on the cache into a `CacheError` that says what to do. */
export function cacheError(dir: string, e: unknown): CacheError {
  const code = (e as NodeJS.ErrnoException).code ?? 'error';
  const why: Record<string, string> = {
    EACCES: 'it is not writable by this user',
    EPERM: 'it is not writable by this user',
    EROFS: 'it is on a read-only file system',
    ENOTDIR: 'part of its path is a file, not a folder',
    EEXIST: 'a file with that name is in the way',
  };
  return new CacheError(
    `Cannot use the dataset cache ${dir}: ${why[code] ?? (e as Error).message} (${code}). ` +
      'Point GENMODELS_CACHE at a writable folder, e.g. GENMODELS_CACHE=$HOME/.cache/genmodels.',
    dir,
  );
}
