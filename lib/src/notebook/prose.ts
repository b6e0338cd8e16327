/**
 * Prose whose figures come from the run. A lecture that types "30.8°" into markdown is wrong as
 * soon as the model, the seed or the data change; so measured figures are written by code:
 *   prose`The gap is ${fmt(gap)} nats.`    markdown built from computed values (a cell's result)
 *   claim(statement, holds, evidence)       a qualitative statement the lecture makes ("β = 0
 *                                           reconstructs worse"), checked on this run
 * In full mode (what students see and the committed outputs show) a claim that does not hold
 * throws ClaimError, so the lecture cannot silently contradict its own output; in quick mode
 * (tiny data, one epoch) it prints a note instead, unless it holds whatever the training
 * (`always: true`, e.g. an identity). `tools/figures.ts` keeps measured figures out of markdown.
 *
 * @example
 *   claim('β = 0 reconstructs better than β = 1', errNoKL < errVae, `${fmt(errNoKL)} vs ${fmt(errVae)} nats`);
 *   prose`Sampling the fast way is **${fmt(ratio, 2)}×** faster here.`
 */
import { isQuick } from '../mode';
import { REPR_MIMEBUNDLE, type RichDisplay } from '../plots/mime';

export class ClaimError extends Error {
  override name = 'ClaimError';
}

const MINUS = '\u2212';

/** A figure for prose: `digits` significant digits (default 3), thousands separated, −0 → 0. */
export function fmt(x: number, digits = 3): string {
  if (!Number.isInteger(digits) || digits < 1 || digits > 21)
    throw new RangeError(`fmt: digits must be a whole number from 1 to 21, got ${digits}`);
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : `${MINUS}∞`;
  const rounded = Number(x.toPrecision(digits));
  if (rounded === 0) return '0';
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(Math.abs(rounded))));
  const text = Math.abs(rounded).toLocaleString('en-US', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
  return rounded < 0 ? MINUS + text : text;
}

function isTensorLike(v: unknown): boolean {
  return typeof v === 'object' && v !== null && 'dataSync' in v && 'shape' in v;
}

/**
 * Markdown built from the run's values: whole numbers are counts and print exactly ("3 epochs",
 * "12,000 images"), other numbers go through fmt; tensors are refused (read them first).
 */
export function prose(strings: TemplateStringsArray, ...values: unknown[]): RichDisplay & { markdown: string } {
  const parts = values.map((v, i) => {
    if (isTensorLike(v)) {
      throw new TypeError(
        `prose: value ${i + 1} is a tensor; read it first (e.g. ${'${fmt(t.dataSync()[0])}'}), so the text shows a number you chose how to round.`,
      );
    }
    if (typeof v !== 'number') return String(v);
    return Number.isSafeInteger(v) ? (v < 0 ? MINUS : '') + Math.abs(v).toLocaleString('en-US') : fmt(v);
  });
  const markdown = strings.reduce((out, s, i) => out + s + (i < parts.length ? parts[i] : ''), '');
  return { markdown, [REPR_MIMEBUNDLE]: () => ({ 'text/markdown': markdown, 'text/plain': markdown }) };
}

export interface ClaimOptions {
  /** Check it in quick mode too: the claim holds whatever the training (default false). */
  always?: boolean;
}

/**
 * A claim the lecture makes about this run. Holds: prints "✓ statement (evidence)". Fails: in full
 * mode, or with `always`, throws ClaimError; in quick mode prints a note that full mode checks it.
 */
export function claim(statement: string, holds: boolean, evidence: string, options: ClaimOptions = {}): void {
  if (holds) {
    console.log(`✓ ${statement} (${evidence})`);
    return;
  }
  if (isQuick() && !options.always) {
    console.log(`(quick mode: this short run does not show that ${statement}: ${evidence}; the full run does)`);
    return;
  }
  throw new ClaimError(`The lecture claims: ${statement}. This run shows: ${evidence}.`);
}
