/**
 * Lectures say what they show: no measured figure is typed into markdown (it comes from the run,
 * through genmodels' `prose`/`claim`; the rule is tools/figures.ts), and every lecture ends with a
 * summary and 2–4 questions for self-study (then only references).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { figuresIn } from '../tools/figures';
import { ROOT } from './helpers';

interface Cell {
  cell_type: string;
  source: string | string[];
}

const dir = join(ROOT, 'notebooks');
const notebooks = readdirSync(dir)
  .filter((f) => f.endsWith('.ipynb'))
  .sort();
const text = (c: Cell) => (Array.isArray(c.source) ? c.source.join('') : c.source);
const cellsOf = (file: string): Cell[] => JSON.parse(readFileSync(join(dir, file), 'utf8')).cells;

/** What is wrong with how a lecture ends, or [] — given the markdown after its last code cell. */
export function endingProblems(ending: string): string[] {
  const headings = ending
    .split('\n')
    .filter((l) => /^#{1,6} /.test(l))
    .map((l) => l.trim());
  const summary = headings.indexOf('## Summary');
  const questions = headings.indexOf('## Questions for self-study');
  if (summary < 0) return ['it does not end with a "## Summary" section after its last code cell'];
  if (questions < summary) return ['"## Questions for self-study" does not follow the summary'];
  const after = headings.slice(questions + 1);
  if (after.some((h) => h !== '## References'))
    return [`after the questions only "## References" may follow, found ${after.join(', ')}`];
  const section = ending.slice(ending.indexOf('## Questions for self-study')).split('## References')[0];
  const items = section.split('\n').filter((l) => /^\d+\. \S/.test(l)).length;
  return items >= 2 && items <= 4 ? [] : [`the questions section has ${items} numbered questions; give 2 to 4`];
}

test('the ending rule accepts summary, questions and references, and names what is missing', () => {
  const good = '## Summary\n\n- a\n\n## Questions for self-study\n\n1. Why?\n2. How?\n\n## References\n- X (2020).';
  assert.deepEqual(endingProblems(good), []);
  assert.match(endingProblems('## Summary\n- a')[0], /Questions for self-study" does not follow/);
  assert.match(endingProblems('text only')[0], /does not end with a "## Summary"/);
  assert.match(endingProblems('## Summary\n## Questions for self-study\n1. One?\n')[0], /has 1 numbered questions/);
  assert.match(
    endingProblems('## Summary\n## Questions for self-study\n1. a\n2. b\n## Extra')[0],
    /only "## References" may follow/,
  );
});

for (const file of notebooks) {
  test(`${file}: no measured figure is typed into markdown`, () => {
    const found = cellsOf(file).flatMap((c, i) =>
      c.cell_type === 'markdown'
        ? figuresIn(text(c)).map((f) => `cell ${i}, line ${f.line}: "${f.text}" in "${f.context}"`)
        : [],
    );
    assert.deepEqual(
      found,
      [],
      `${file} quotes figures in markdown; compute them and show them with prose\`…\` or claim(…) in a code cell, or put definitions in $…$ math`,
    );
  });

  test(`${file} ends with a summary and questions for self-study`, () => {
    const cells = cellsOf(file);
    const lastCode = cells.map((c) => c.cell_type).lastIndexOf('code');
    const ending = cells
      .slice(lastCode + 1)
      .filter((c) => c.cell_type === 'markdown')
      .map(text)
      .join('\n\n');
    assert.deepEqual(endingProblems(ending), [], file);
  });
}
