/**
 * Figures quoted in a lecture's markdown. A number the run measured must come from the run
 * (genmodels' `prose`/`claim` in a code cell), never be typed into markdown, where it goes stale.
 * So in markdown a *figure* — a number with a decimal point, or followed by a unit of measure
 * (%, ×, x, nats, bits, s, ms, min, °, times) — is allowed only
 *   - inside math ($…$, $$…$$) or code (`…`, fenced blocks): definitions, formulas, settings;
 *   - in a paragraph that cites where it was published (an author "et al.", or a year such as (2016));
 *   - as a size "28 × 28" (× between two numbers).
 * Counts, lecture numbers, "2-D", equation numbers and settings without units are not figures.
 */

/** One figure found: the text around it, for the message. */
export interface Figure {
  line: number; // 1-based, within the markdown cell
  text: string; // the figure itself, e.g. "30.8°"
  context: string; // the line it is on
}

const UNIT = String.raw`(?:%|×|x\b|°|\s?(?:nats?|bits?)\b|\s(?:s|ms|min|seconds?|minutes?|times)\b)`;
/** A number (thousands separated, decimal point, sign) followed by a unit, or with a decimal point. */
const FIGURE = new RegExp(
  String.raw`(?<![\w.,])[−-]?\d{1,3}(?:,\d{3})*(?:\.\d+)?(?:\s?${UNIT})|(?<![\w.,])[−-]?\d+\.\d+`,
  'g',
);
const SIZE = /\d+\s?×\s?\d+/g; // an image or matrix size, not a ratio
const CITATION = /et al\.|\((?:[^()]*\b)?(?:19|20)\d{2}[a-z]?\b[^()]*\)/;

/** Remove math and code, keeping line breaks so line numbers stay right. */
function strip(markdown: string): string {
  const blank = (m: string) => m.replace(/[^\n]/g, ' ');
  return markdown
    .replace(/```[\s\S]*?```/g, blank)
    .replace(/\$\$[\s\S]*?\$\$/g, blank)
    .replace(/\$[^$\n]+\$/g, blank)
    .replace(/`[^`\n]+`/g, blank)
    .replace(/\]\([^)]*\)/g, blank) // link targets: URLs and paths
    .replace(/<[^>\n]+>/g, blank); // HTML tags and their attributes
}

/** For each line, whether its paragraph (lines between blank ones) cites a source. */
function cited(lines: string[]): boolean[] {
  const out: boolean[] = [];
  for (let start = 0; start < lines.length;) {
    let end = start;
    while (end < lines.length && lines[end].trim() !== '') end++;
    const cites = CITATION.test(lines.slice(start, end).join(' '));
    for (let i = start; i <= end && i < lines.length; i++) out[i] = cites;
    start = end + 1;
  }
  return out;
}

export function figuresIn(markdown: string): Figure[] {
  const original = markdown.split('\n');
  const citing = cited(original);
  return strip(markdown)
    .split('\n')
    .flatMap((line, i) => {
      if (citing[i]) return [];
      const text = line.replace(SIZE, (m) => ' '.repeat(m.length));
      return [...text.matchAll(FIGURE)].map((m) => ({ line: i + 1, text: m[0].trim(), context: original[i].trim() }));
    });
}
