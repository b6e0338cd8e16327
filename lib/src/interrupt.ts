/**
 * Cooperative interruption for long library loops (training, sampling). The genmodels kernel stops
 * a cell's own code at its next `await`, but cannot reach into library code; a library loop calls
 * `throwIfInterrupted()` once per step so the notebook's interrupt button stops it too.
 *
 * The kernel installs, under `Symbol.for('jupyter.interrupted')`, a function telling whether the
 * cell the caller runs for has been interrupted. Outside the kernel this is a no-op.
 *
 * @example
 *   for (let step = 0; step < steps; step++) {
 *     throwIfInterrupted();
 *     await trainStep();
 *   }
 */

export const INTERRUPTED = Symbol.for('jupyter.interrupted');

export class InterruptedError extends Error {
  override name = 'KeyboardInterrupt';
  constructor() {
    super('interrupted from the notebook');
  }
}

export function throwIfInterrupted(): void {
  const interrupted = (globalThis as { [INTERRUPTED]?: () => boolean })[INTERRUPTED];
  if (interrupted?.()) throw new InterruptedError();
}
