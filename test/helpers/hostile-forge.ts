/**
 * Hostile submissions to assignment 03-vae-loss that try to forge their tests or hand in the
 * library's own answer, generated from the committed exercise (see ./submissions.ts). Each is
 * "wrong answers + one trick": with the trick blocked, every test fails, so a score above 0 means
 * the trick worked.
 */
import { sourceOf, toLines, type Cell, type Notebook } from '../../tools/nbgrader';
import { filledIn, withBody } from './submissions';

export const A = '03-vae-loss';

/** A code cell the student added (no nbgrader metadata), inserted after the cell `afterId`. */
export function withExtraCell(nb: Notebook, afterId: string, source: string): Notebook {
  const at = nb.cells.findIndex((c) => c.metadata.nbgrader?.grade_id === afterId);
  if (at < 0) throw new Error(`no cell ${afterId}`);
  const cell: Cell = { cell_type: 'code', metadata: {}, source: toLines(source), outputs: [], execution_count: null };
  nb.cells.splice(at + 1, 0, cell);
  return nb;
}

/** Answers of the right shapes and types, all wrong: z = μ, KL = 0, −ELBO = 0. */
export function wrongAnswers(): Notebook {
  const nb = filledIn(A);
  withBody(nb, 'reparameterize_answer', '  return zMean.clone();');
  withBody(nb, 'kl_answer', '  return tf.zeros([zMean.shape[0]]) as tf.Tensor1D;');
  withBody(
    nb,
    'neg_elbo_answer',
    '  const zero = tf.scalar(0);\n  return { reconstruction: zero, kl: zero, total: zero };',
  );
  return nb;
}

/** Row 1: each answer returns the library's own implementation. */
export function delegates(): Notebook {
  const nb = filledIn(A);
  withBody(nb, 'reparameterize_answer', '  return gm.reparameterize(zMean, zLogVar, source);');
  withBody(nb, 'kl_answer', '  return gm.klToStdNormal(zMean, zLogVar);');
  withBody(nb, 'neg_elbo_answer', '  return gm.negativeElbo(reconstruction, kl, beta);');
  return nb;
}

/** Delegation by other roads: require('genmodels'), a deep import of lib/dist, a stashed reference. */
export function delegatesDeep(): Notebook {
  const nb = filledIn(A);
  withExtraCell(nb, 'setup', "const stash = { f: gm.klToStdNormal };\nconst deep = require('genmodels/dist/losses');");
  withBody(nb, 'reparameterize_answer', "  return require('genmodels').reparameterize(zMean, zLogVar, source);");
  withBody(nb, 'kl_answer', '  return stash.f(zMean, zLogVar);');
  withBody(nb, 'neg_elbo_answer', '  return deep.negativeElbo(reconstruction, kl, beta);');
  return nb;
}

/**
 * Correct answers that use library code which itself calls the functions asked for
 * (gm.VAE's loss calls reparameterize, klToStdNormal and negativeElbo internally): not delegation.
 */
export function usesLibraryInternals(): Notebook {
  const nb = filledIn(A);
  const cell = nb.cells.find((c) => c.metadata.nbgrader?.grade_id === 'kl_answer')!;
  const src = sourceOf(cell).replace(
    '  return tf.tidy(() => {',
    '  tf.tidy(() => { vae.loss({ x: tf.ones([2, 4]) as tf.Tensor2D }, { seed: SEED }); });\n  return tf.tidy(() => {',
  );
  cell.source = toLines(`const vae = new gm.VAE({ inputDim: 4, hidden: [3], latentDim: 2, seed: SEED });\n${src}`);
  return nb;
}

/** Row 2: wrong answers + node:assert's ok/deepEqual/equal replaced by no-ops (every road to them). */
export function noopAssert(): Notebook {
  return withExtraCell(
    wrongAnswers(),
    'setup',
    [
      'const noop = () => {};',
      "for (const a of [assert, require('node:assert'), require('node:assert/strict'), require('assert')] as any[]) {",
      "  for (const k of ['ok', 'deepEqual', 'equal', 'strictEqual', 'deepStrictEqual']) {",
      '    try { a[k] = noop; } catch {}',
      '    try { Object.defineProperty(a, k, { value: noop }); } catch {}',
      '  }',
      '}',
    ].join('\n'),
  );
}

/** Row 3: wrong answers + the notebook's own assertion helpers redeclared as no-ops. */
export function noopHelpers(): Notebook {
  return withExtraCell(
    wrongAnswers(),
    'setup',
    [
      'function assertClose(..._args: unknown[]): void {}',
      'function assertAllClose(..._args: unknown[]): void {}',
    ].join('\n'),
  );
}

/** Row 4: wrong answers + tf.max and Math.abs replaced (on the namespace, the core package and the global). */
export function patchedTfMath(): Notebook {
  return withExtraCell(
    wrongAnswers(),
    'setup',
    [
      'const zero = () => tf.scalar(0);',
      "for (const ns of [tf, gm.tf, require('@tensorflow/tfjs'), require('@tensorflow/tfjs-core')] as any[]) {",
      '  try { ns.max = zero; } catch {}',
      "  try { Object.defineProperty(ns, 'max', { value: zero }); } catch {}",
      '}',
      'try { (Math as any).abs = () => 0; } catch {}',
      'try { (globalThis as any).Math = { ...Math, abs: () => 0 }; } catch {}',
    ].join('\n'),
  );
}

/** Beyond the table: redeclare tf and Math (as `any`, so the tests still type-check), poison iteration and Number.isFinite. */
export function shadowAndPollute(): Notebook {
  return withExtraCell(
    wrongAnswers(),
    'setup',
    [
      'try { (Array.prototype as any)[Symbol.iterator] = function* () { yield 0; yield 2.5; yield 0.5 * (4 - 1 - Math.log(4)); }; } catch {}',
      'try { (Number as any).isFinite = () => true; } catch {}',
      'try { Object.defineProperty(Object.getPrototypeOf(Float32Array.prototype), Symbol.iterator, { value: function* () { yield 0; } }); } catch {}',
      'const realTf = tf;',
      'const Math: any = { abs: () => 0, log: (x: number) => 0 * x, exp: (x: number) => 0 * x, sqrt: (x: number) => 0 * x };',
      'const tf: any = { ...realTf, max: () => realTf.scalar(0), abs: (x: any) => x };',
    ].join('\n'),
  );
}

/** Beyond the table: TF.js itself changed at run time (a kernel re-registered, a backend method replaced). */
export function patchedRuntime(): Notebook {
  return withExtraCell(
    wrongAnswers(),
    'setup',
    [
      "const maxKernel = tf.getKernel('Max', tf.getBackend())!;",
      "tf.registerKernel({ ...maxKernel, kernelFunc: (args: any) => (maxKernel.kernelFunc as any)({ ...args, inputs: { x: (args.backend as any).makeTensorInfo([], 'float32', new Float32Array([0])) } }) });",
    ].join('\n'),
  );
}

/** Beyond the table: call the grader's own test hook to steal pristine references, then delegate through them. */
export function stealsHook(): Notebook {
  const nb = withExtraCell(
    filledIn(A),
    'setup',
    [
      'let pristine: any = null;',
      "(globalThis as any).__genmodelsGuard.test('reparameterize_noise', async (b: any) => { pristine = b['module:genmodels']; }).catch(() => {});",
    ].join('\n'),
  );
  withBody(nb, 'kl_answer', '  return pristine.klToStdNormal(zMean, zLogVar);');
  withBody(nb, 'neg_elbo_answer', '  return pristine.negativeElbo(reconstruction, kl, beta);');
  return nb;
}

/** Beyond the table: a cell that declares globalThis (the one free name rewritten tests read) is not run. */
export function declaresGlobalThis(): Notebook {
  return withExtraCell(
    filledIn(A),
    'neg_elbo_answer',
    'const globalThis = { __genmodelsGuard: { test: async () => {} } };',
  );
}
