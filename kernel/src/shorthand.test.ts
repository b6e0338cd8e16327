import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type * as TS from '@tslab/typescript-for-tslab';
import { Engine, type Outcome } from './engine';
import { expandShorthand } from './shorthand';

const ts = createRequire(require.resolve('tslab/package.json'))('@tslab/typescript-for-tslab') as typeof TS;

test('shorthand properties are expanded in literals and destructuring assignments, not in binding patterns', () => {
  const src = 'const o = { a, b: { c }, d: 1 };\n({ e, f = 2 } = o);\nconst { g } = o;\nconst p = { __proto__ };';
  assert.equal(
    expandShorthand(ts, src).code,
    'const o = { a: a, b: { c: c }, d: 1 };\n({ e: e, f: f = 2 } = o);\nconst { g } = o;\nconst p = { __proto__ };',
  );
  const plain = 'const x = { y: 1 };';
  assert.equal(expandShorthand(ts, plain).code, plain);
});

test('offsets in the expanded text map back to the cell as typed', () => {
  const src = 'f({ ab }, { cd });';
  const { code, toOriginal } = expandShorthand(ts, src);
  assert.equal(code, 'f({ ab: ab }, { cd: cd });');
  assert.equal(toOriginal(code.indexOf('ab')), src.indexOf('ab'));
  assert.equal(toOriginal(code.indexOf(': ab') + 2), src.indexOf('ab'), 'inside an insertion: the name');
  assert.equal(toOriginal(code.indexOf('cd')), src.indexOf('cd'));
  assert.equal(toOriginal(code.length), src.length);
});

/** Run cells in order in one engine; returns the last outcome and asserts the others succeeded. */
async function cells(...sources: string[]): Promise<Outcome> {
  const engine = new Engine(process.cwd());
  try {
    let last: Outcome = { kind: 'ok' };
    for (const [i, src] of sources.entries()) {
      last = await engine.execute(src);
      if (i < sources.length - 1) assert.equal(last.kind, 'ok', `cell ${i + 1} failed: ${JSON.stringify(last)}`);
    }
    return last;
  } finally {
    engine.close();
  }
}

function value(o: Outcome): unknown {
  assert.equal(o.kind, 'ok', `the cell failed: ${o.kind === 'thrown' ? String(o.value) : JSON.stringify(o)}`);
  return (o as { value?: unknown }).value;
}

test('an earlier cell’s variable works as a shorthand property', async () => {
  assert.deepEqual(value(await cells('const validation = 3;', '({ validation })')), { validation: 3 });
  assert.deepEqual(
    value(await cells('const a = 1; let b = 2;', 'const o = { a, inner: { b, list: [{ a }] } };', 'o')),
    {
      a: 1,
      inner: { b: 2, list: [{ a: 1 }] },
    },
  );
  assert.deepEqual(
    value(await cells('const e = 5;', 'const e2 = 6;\n[{ e, e2 }]')),
    [{ e: 5, e2: 6 }],
    'this cell’s and an earlier one’s',
  );
});

test('functions and classes from earlier cells work as shorthand properties', async () => {
  const r = value(
    await cells('function f() { return 7; }\nclass K { k = 8; }', 'const m = { f, K };\n[m.f(), new m.K().k]'),
  );
  assert.deepEqual(r, [7, 8]);
});

test('destructuring assignment writes an earlier cell’s variable, defaults included', async () => {
  assert.deepEqual(value(await cells('let u = 0, w = 0;', '({ u, w = 9 } = { u: 4 });', '[u, w]')), [4, 9]);
});

test('local names shadow earlier cells’ names, and a property merely named like one stays a name', async () => {
  assert.deepEqual(value(await cells('const v = 1;', 'function g(v: number) { return { v }; }\ng(5)')), { v: 5 });
  assert.deepEqual(value(await cells('const v = 1;', '({ v: 2 })')), { v: 2 });
  assert.deepEqual(value(await cells('const v = 1;', 'const q = (() => { const v = 3; return { v }; })();\nq')), {
    v: 3,
  });
});

test('a misspelled shorthand is reported at its position in the cell as typed', async () => {
  const r = await cells('const validation = 3;', 'const x = 1;\nconst o = { alpha: 1, validatoin };');
  assert.equal(r.kind, 'diagnostics');
  const [d] = (r as Extract<Outcome, { kind: 'diagnostics' }>).diagnostics;
  assert.equal(d.line, 2);
  assert.equal(d.column, 'const o = { alpha: 1, '.length + 1);
  assert.match(d.message, /validatoin/);
});
