import { test } from 'node:test';
import assert from 'node:assert/strict';
import { figuresIn } from './figures';

const texts = (md: string) => figuresIn(md).map((f) => f.text);

test('measured figures in markdown are found, with their line', () => {
  assert.deepEqual(texts('The angles are 30.8° at most.'), ['30.8°']);
  assert.deepEqual(texts('Sampling is 202× faster; the gap is about 20 nats.\nIt took 40 s, or 1.5 min.'), [
    '202×',
    '20 nats',
    '40 s',
    '1.5 min',
  ]);
  assert.deepEqual(texts('accuracy 97% and 0.42 bits/dim, 25 times fewer, 3x faster'), [
    '97%',
    '0.42 bits',
    '25 times',
    '3x',
  ]);
  assert.deepEqual(texts('an error of 29.61'), ['29.61'], 'a decimal point is a measurement');
  const [f] = figuresIn('line one\nNLL 87,780 nats here');
  assert.deepEqual(f, { line: 2, text: '87,780 nats', context: 'NLL 87,780 nats here' });
});

test('math, code, sizes, counts and citations are not figures', () => {
  const fine = [
    'Notebook 05 derives the ELBO; lecture 3 shows 2-D codes of 10 digits.',
    'Images are 28 × 28 pixels, a 7×7 first layer, batches of 100.',
    'The prior is $\\mathcal{N}(0, 1)$ and $\\beta = 0.5$; at $90^\\circ$ a random subspace.',
    '$$\\log p(x) \\ge -86.76$$',
    'Run `npm run train -- --epochs 2.5` then ```\n30.8° in code\n```',
    'van den Oord et al. report 81.30 nats.',
    'Burda, Grosse and Salakhutdinov (2016) report\n**−86.76 nats** on the same set.',
    'Equation (3) and step 2 of 4; the 1s and 7s look alike.',
    'See [the table](checkpoints/README.md#v1.2) and <img width="2.5">.',
  ];
  for (const md of fine) assert.deepEqual(texts(md), [], md);
});

test('a citation covers its paragraph, not the next one', () => {
  assert.deepEqual(texts('Kingma et al. report 84.5 nats.\n\nOurs reaches 88.1 nats.'), ['88.1 nats']);
});
