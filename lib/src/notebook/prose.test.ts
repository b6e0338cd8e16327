import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { REPR_MIMEBUNDLE } from '../plots/mime';
import { claim, ClaimError, fmt, prose } from './prose';

test('fmt rounds to significant digits, separates thousands and never prints −0', () => {
  assert.equal(fmt(30.8123), '30.8');
  assert.equal(fmt(202.4), '202');
  assert.equal(fmt(1234.5), '1,230');
  assert.equal(fmt(1234.5, 5), '1,234.5');
  assert.equal(fmt(0.000123456), '0.000123');
  assert.equal(fmt(-86.764, 4), '\u221286.76');
  assert.equal(fmt(-0.0001, 1), '\u22120.0001');
  assert.equal(fmt(-1e-20 * 0), '0');
  assert.equal(fmt(-0.00004, 1), '\u22120.00004');
  assert.equal(fmt(2, 3), '2.00', 'the digits asked for are shown');
  assert.equal(fmt(Infinity), '∞');
  assert.equal(fmt(NaN), 'NaN');
  assert.throws(() => fmt(1, 0), RangeError);
});

test('prose is markdown built from the values, as one MIME bundle', () => {
  const p = prose`The gap is **${20.456} nats** for ${'β = 1'}.`;
  assert.equal(p.markdown, 'The gap is **20.5 nats** for β = 1.');
  assert.deepEqual(p[REPR_MIMEBUNDLE](), { 'text/markdown': p.markdown, 'text/plain': p.markdown });
});

test('prose prints whole numbers as exact counts, other numbers through fmt', () => {
  assert.equal(
    prose`After ${3} epochs on ${12345} images, ${-2} and ${2.5}`.markdown,
    'After 3 epochs on 12,345 images, \u22122 and 2.50',
  );
});

test('prose refuses a tensor, saying how to read it', () => {
  const t = tf.scalar(3);
  assert.throws(() => prose`x = ${t}`, /value 1 is a tensor; read it first/);
  t.dispose();
});

function logged(fn: () => void): string {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...a: unknown[]) => lines.push(a.join(' '));
  try {
    fn();
  } finally {
    console.log = original;
  }
  return lines.join('\n');
}

function withMode<T>(quick: boolean, fn: () => T): T {
  const before = process.env.GENMODELS_QUICK;
  process.env.GENMODELS_QUICK = quick ? '1' : '0';
  try {
    return fn();
  } finally {
    process.env.GENMODELS_QUICK = before;
  }
}

test('a claim that holds is shown with its evidence, in either mode', () => {
  for (const quick of [true, false]) {
    assert.equal(
      withMode(quick, () => logged(() => claim('β = 0 reconstructs better', true, '30 vs 35 nats'))),
      '✓ β = 0 reconstructs better (30 vs 35 nats)',
    );
  }
});

test('a claim that fails throws in full mode, and is a note in quick mode unless it always holds', () => {
  withMode(false, () =>
    assert.throws(
      () => claim('the gap is a few nats', false, 'a gap of 20.1 nats'),
      (e: unknown) => {
        assert.ok(e instanceof ClaimError);
        assert.equal(e.message, 'The lecture claims: the gap is a few nats. This run shows: a gap of 20.1 nats.');
        return true;
      },
    ),
  );
  withMode(true, () => {
    assert.match(
      logged(() => claim('the gap is a few nats', false, 'a gap of 20.1 nats')),
      /^\(quick mode: this short run does not show that the gap is a few nats: a gap of 20\.1 nats; the full run does\)$/,
    );
    assert.throws(() => claim('log p = ELBO + KL', false, 'off by 3', { always: true }), ClaimError);
  });
});
