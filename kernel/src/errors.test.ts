import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromDiagnostics, fromThrown, userFrames } from './errors';

test('diagnostics read `cell line:col - message`', () => {
  const e = fromDiagnostics([{ file: 'cell', line: 2, column: 5, message: 'Cannot find name x.' }]);
  assert.deepEqual(e, {
    ename: 'TypeScriptError',
    evalue: 'cell 2:5 - Cannot find name x.',
    traceback: ['TypeScriptError:', 'cell 2:5 - Cannot find name x.'],
  });
});

test("a stack keeps the user's frames and cuts the kernel's machinery", () => {
  const stack = [
    'RangeError: bad',
    '    at f (evalmachine.<anonymous>:4:11)',
    '    at fit (/repo/node_modules/genmodels/dist/train.js:10:3)',
    '    at evalmachine.<anonymous>:7:22',
    '    at Script.runInThisContext (node:vm:137:12)',
    `    at Object.execute (${require.resolve('tslab/dist/executor')}:160:38)`,
  ].join('\n');
  assert.deepEqual(userFrames(stack), [
    '    at f (cell.js:4:11)',
    '    at fit (/repo/node_modules/genmodels/dist/train.js:10:3)',
    '    at cell.js:7:22',
  ]);
});

test('thrown values: Errors give class and message, other values their text', () => {
  const e = fromThrown(new TypeError('nope'));
  assert.deepEqual([e.ename, e.evalue, e.traceback[0]], ['TypeError', 'nope', 'TypeError: nope']);
  assert.deepEqual(fromThrown({ code: 3 }).ename, 'ThrownValue');
  assert.equal(fromThrown(undefined).evalue, 'undefined');
});
