import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFinite, checkNonEmpty, checkPoints, checkSameLength, PlotInputError, squareSide } from './check';

const fails = (f: () => unknown, message: RegExp) =>
  assert.throws(f, (e: Error) => e instanceof PlotInputError && e.name === 'PlotInputError' && message.test(e.message));

test('the checks pass good input and return what they measure', () => {
  checkNonEmpty('f', 'xs', [1]);
  checkFinite('f', 'xs', new Float32Array([0, -1e30, 5]));
  checkSameLength('f', ['a', [1, 2]], ['b', 'xy']);
  assert.equal(
    checkPoints('f', 'z', [
      [1, 2, 3],
      [4, 5, 6],
    ]),
    3,
  );
  assert.equal(squareSide('f', 'img', [new Array(9).fill(0), new Float32Array(9)]), 3);
});

test('each failure names the function, the array, the index and what to do', () => {
  fails(() => checkNonEmpty('plotX', 'values', []), /^plotX: values is empty; pass at least one value\.$/);
  fails(
    () => checkFinite('plotX', 'loss', [1, -Infinity]),
    /^plotX: loss\[1\] is -Infinity; expected a finite number\. .*learning rate/,
  );
  fails(() => checkFinite('plotX', 'v', [1, 'a' as unknown as number]), /v\[1\] is a/);
  fails(
    () => checkSameLength('plotX', ['z', [1, 2]], ['labels', [1]]),
    /z has 2 items but labels has 1; pass one labels entry per z entry/,
  );
  fails(() => checkPoints('plotX', 'z', [[1, 2], [3]], 2), /z\[1\] has 1 coordinates; expected 2/);
  fails(() => checkPoints('plotX', 'z', [[1, 2]], 3), /z\[0\] has 2 coordinates; expected 3/);
  fails(() => squareSide('plotX', 'img', [new Array(8).fill(0)]), /img\[0\] has 8 pixels, which is not a square image/);
  fails(() => squareSide('plotX', 'img', [[]]), /img\[0\] has 0 pixels/);
  fails(() => squareSide('plotX', 'img', [[0], [0, 0, 0, 0]]), /img\[1\] is 2×2 but img\[0\] is 1×1/);
});
