/**
 * A careful download: stream to a hidden temporary file beside the destination while hashing,
 * verify the MD5, then rename atomically into place. So the destination either does not exist or
 * holds exactly the expected bytes; a failed, interrupted or corrupt transfer leaves nothing
 * that looks complete (the temporary `.NAME.*.part` file is removed on every failure path).
 *
 * Retry policy: mirrors are tried in order. On each mirror, transient failures (network errors,
 * a dropped connection, HTTP 5xx/429) are retried up to `attempts` times with exponential
 * backoff `retryDelayMs · 2^(k-1)`; permanent ones (other HTTP 4xx, a checksum mismatch) move
 * on to the next mirror at once.
 *
 * A process killed mid-download cannot clean up; its `.part` file carries its pid, so the next
 * download of the same file removes it once that process is gone.
 */
import { createHash, randomBytes } from 'node:crypto';
import { open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { cacheError, ensureWritableDir } from './cache';
import { CacheError, ChecksumError, DownloadError } from './errors';

export interface DownloadProgress {
  file: string; // destination file name
  url: string;
  received: number; // bytes so far in this attempt
  total: number | null; // from Content-Length, when the server sends it
  attempt: number; // 1-based, per mirror
}

export interface DownloadOptions {
  /** Full URLs of the same file on each mirror, tried in order. */
  urls: string[];
  /** Final path; its folder is created if missing. */
  dest: string;
  /** Expected MD5 (hex) of the downloaded bytes. */
  md5: string;
  /** Attempts per mirror for transient failures. Default: 3. */
  attempts?: number;
  /** Backoff before the k-th retry is retryDelayMs · 2^(k-1). Default: 1000 ms. */
  retryDelayMs?: number;
  onProgress?: (p: DownloadProgress) => void;
}

/** Raised inside one attempt; `transient` decides whether the same mirror is tried again. */
class AttemptError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
  ) {
    super(message);
  }
}

/** Download `urls[i]` to `dest`, verified by MD5. Resolves to `dest`. */
export async function download(options: DownloadOptions): Promise<string> {
  const { urls, dest, md5, attempts = 3, retryDelayMs = 1000 } = options;
  ensureWritableDir(dirname(dest));
  await removeStaleParts(dest);
  const failures: string[] = [];
  const mismatches: ChecksumError[] = [];
  for (const url of urls) {
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        await attemptOnce(url, attempt, options);
        return dest;
      } catch (e) {
        if (e instanceof ChecksumError) mismatches.push(e);
        if (!(e instanceof AttemptError || e instanceof ChecksumError)) throw e; // e.g. CacheError
        const retry = e instanceof AttemptError && e.transient && attempt < attempts;
        if (!retry) {
          failures.push(`  ${url}: ${e.message}${attempt > 1 ? ` (after ${attempt} attempts)` : ''}`);
          break;
        }
        await new Promise((r) => setTimeout(r, retryDelayMs * 2 ** (attempt - 1)));
      }
    }
  }
  if (mismatches.length > 0 && mismatches.length === urls.length) throw mismatches[0];
  throw new DownloadError(
    `Could not download ${basename(dest)}:\n${failures.join('\n')}\n` +
      `Check the network, or put the file at ${dest} by hand (its MD5 must be ${md5}).`,
    dest,
  );
}

/** Delete `.NAME.PID.*.part` files left by processes that no longer run. */
async function removeStaleParts(dest: string): Promise<void> {
  const prefix = `.${basename(dest)}.`;
  for (const name of await readdir(dirname(dest))) {
    if (!name.startsWith(prefix) || !name.endsWith('.part')) continue;
    const pid = Number(name.slice(prefix.length).split('.')[0]);
    if (Number.isInteger(pid) && pid > 0 && !isRunning(pid)) await rm(join(dirname(dest), name), { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

function partPath(dest: string): string {
  return join(dirname(dest), `.${basename(dest)}.${process.pid}.${randomBytes(4).toString('hex')}.part`);
}

async function attemptOnce(url: string, attempt: number, options: DownloadOptions): Promise<void> {
  const { dest, md5, onProgress } = options;
  const tmp = partPath(dest);
  try {
    const found = await streamToFile(url, tmp, (received, total) =>
      onProgress?.({ file: basename(dest), url, received, total, attempt }),
    );
    if (found !== md5) {
      throw new ChecksumError(
        `${url}: the downloaded file's MD5 is ${found}, expected ${md5}. It was not kept. ` +
          'The mirror may serve a different version; try another mirror or report it.',
        dest,
      );
    }
    await rename(tmp, dest);
  } finally {
    await rm(tmp, { force: true });
  }
}

/** GET `url` into `tmp`, hashing as it streams; returns the MD5 hex digest. */
async function streamToFile(
  url: string,
  tmp: string,
  progress: (received: number, total: number | null) => void,
): Promise<string> {
  const res = await fetch(url).catch((e: Error) => {
    throw new AttemptError(`network error (${describe(e)})`, true);
  });
  if (!res.ok || !res.body) {
    const transient = res.status >= 500 || res.status === 429;
    await res.body?.cancel();
    throw new AttemptError(`HTTP ${res.status} ${res.statusText}`.trim(), transient);
  }
  const length = res.headers.get('content-length');
  const total = length === null ? null : Number(length);
  const out = await open(tmp, 'wx').catch((e: unknown) => {
    throw cacheError(dirname(tmp), e);
  });
  const hash = createHash('md5');
  let received = 0;
  try {
    for await (const chunk of res.body) {
      hash.update(chunk);
      await out.write(chunk).catch((e: unknown) => {
        throw cacheError(dirname(tmp), e);
      });
      received += chunk.length;
      progress(received, total);
    }
    await out.sync();
  } catch (e) {
    if (e instanceof CacheError) throw e;
    throw new AttemptError(
      `connection dropped after ${received} of ${total ?? '?'} bytes (${describe(e as Error)})`,
      true,
    );
  } finally {
    await out.close();
  }
  if (total !== null && received !== total) {
    throw new AttemptError(`connection dropped after ${received} of ${total} bytes`, true);
  }
  return hash.digest('hex');
}

function describe(e: Error): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? e.message;
}
