/**
 * Are a notebook's committed outputs current? A notebook's outputs are a function of
 *   (its code cells, the library and kernel sources, the shipped checkpoints, the dataset
 *    manifest, the versions of the packages that compute, and the run mode),
 * so `npm run notebooks -- --write` records in its metadata
 *   genmodels: { mode, library: H(sources, checkpoints, manifest, versions), code: H(code cells) }
 * and a test recomputes both hashes. H is SHA-256 over sorted (path, content) pairs, shortened to
 * 16 hex digits: content only, never mtimes or absolute paths, so every clone agrees. Tests, tools
 * and prose (markdown cells) are left out: changing them cannot change an output.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ROOT } from './jupyter';

/** What a notebook records about the run that produced its outputs. */
export interface RunRecord {
  mode: 'full' | 'quick';
  library: string;
  code: string;
}

/** Folders and files whose content the outputs depend on (tests excluded). */
const INPUTS = [
  'packages/tfjs-wasm-fast/src',
  'packages/tfjs-wasm-fast/package.json',
  'lib/src',
  'kernel/src',
  'checkpoints',
  'datasets/manifest.json',
  'lib/package.json',
  'tsconfig.base.json',
];
/** Packages whose code computes or draws what the notebooks show; their locked versions count. */
const PACKAGES = [
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-backend-cpu',
  '@tensorflow/tfjs-backend-wasm',
  'mathjs',
  'vega',
  'vega-lite',
  'tslab',
];

function files(path: string): string[] {
  let entries;
  try {
    entries = readdirSync(path, { withFileTypes: true });
  } catch {
    return [path]; // a file
  }
  return entries.flatMap((e) =>
    e.name.endsWith('.test.ts') || e.name === 'README.md' ? [] : files(join(path, e.name)),
  );
}

function digest(parts: Iterable<string | Buffer>): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex').slice(0, 16);
}

/** H of everything outside the notebook that its outputs depend on. */
export function libraryHash(root = ROOT): string {
  const paths = INPUTS.flatMap((p) => files(join(root, p)))
    .map((p) => relative(root, p).split(sep).join('/'))
    .sort();
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string }>;
  };
  const versions = PACKAGES.map((name) => `${name}@${lock.packages[`node_modules/${name}`]?.version ?? 'absent'}`);
  return digest(
    (function* () {
      for (const p of paths) yield* [p, readFileSync(join(root, p))];
      yield* versions;
    })(),
  );
}

interface Cell {
  cell_type: string;
  source: string | string[];
}

/** H of a notebook's code cells, in order (nbformat stores a cell's source as a string or a list of lines). */
export function codeHash(cells: Cell[]): string {
  return digest(
    cells.filter((c) => c.cell_type === 'code').map((c) => (Array.isArray(c.source) ? c.source.join('') : c.source)),
  );
}

/** Why a notebook's recorded run is not current, or null when it is. */
export function staleness(record: Partial<RunRecord> | undefined, cells: Cell[], root = ROOT): string | null {
  if (!record?.library || !record.code)
    return 'it records no run (it was not written by `npm run notebooks -- --write`)';
  const why = [
    record.mode !== 'full' ? `it ran in ${record.mode ?? 'an unknown'} mode, not full` : '',
    record.code !== codeHash(cells) ? 'its code cells changed since' : '',
    record.library !== libraryHash(root) ? 'the library, kernel, checkpoints or package versions changed since' : '',
  ].filter(Boolean);
  return why.length ? why.join('; ') : null;
}
