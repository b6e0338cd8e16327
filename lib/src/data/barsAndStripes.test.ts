import { test } from 'node:test';
import assert from 'node:assert/strict';
import { barsAndStripes, isBarsAndStripes } from './barsAndStripes';

test('bars and stripes: 2·2ⁿ − 2 distinct binary patterns, each with constant rows or constant columns', () => {
  for (const n of [1, 2, 3, 4]) {
    const all = barsAndStripes(n);
    assert.equal(all.length, 2 * 2 ** n - 2, `n = ${n}`);
    assert.equal(new Set(all.map((v) => v.join(''))).size, all.length, 'distinct');
    for (const v of all) {
      assert.equal(v.length, n * n);
      assert.ok(v.every((p) => p === 0 || p === 1));
      assert.ok(isBarsAndStripes(v, n));
    }
  }
  assert.deepEqual(barsAndStripes(2), [
    [0, 0, 0, 0],
    [0, 0, 1, 1],
    [1, 1, 0, 0],
    [1, 1, 1, 1],
    [0, 1, 0, 1],
    [1, 0, 1, 0],
  ]);
});

test('bars and stripes: exactly the patterns among all 2^(n²) images that isBarsAndStripes accepts', () => {
  const n = 3;
  const accepted: string[] = [];
  for (let s = 0; s < 2 ** (n * n); s++) {
    const v = Array.from({ length: n * n }, (_, p) => (s >> p) & 1);
    if (isBarsAndStripes(v, n)) accepted.push(v.join(''));
  }
  assert.deepEqual(
    accepted.sort(),
    barsAndStripes(n)
      .map((v) => v.join(''))
      .sort(),
  );
  assert.equal(isBarsAndStripes([1, 0, 0, 0, 0, 0, 0, 0, 0], 3), false, 'a single pixel is neither');
  assert.throws(() => isBarsAndStripes([1, 0], 3), /expected 9 pixels/);
  assert.throws(() => barsAndStripes(0), /from 1 to 5/);
});
