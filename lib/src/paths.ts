/**
 * The course root: the folder holding `checkpoints/`, `datasets/` and `.cache/`, which the
 * library reads shipped weights from and writes caches to. It is `GENMODELS_ROOT` when set,
 * otherwise the folder this package sits in as the course's `lib/` workspace (this file is
 * lib/src/paths.ts, or lib/dist/paths.js once built: two levels below `lib/`'s parent).
 * Everything that needs the root asks here, so moving the library means setting one variable.
 */
import { resolve } from 'node:path';

export function courseRoot(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.GENMODELS_ROOT || resolve(__dirname, '..', '..'));
}
