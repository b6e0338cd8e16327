/**
 * The committed wasm kernel bytes (lib/src/backend/adam-wasm.ts) are what lib/src/backend/adam.wat
 * assembles to: edit the .wat, then run `npm run wasm-kernels`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assembleAdam, OUT } from '../tools/wasm-kernels';

test('adam-wasm.ts is in sync with adam.wat', async () => {
  assert.equal(readFileSync(OUT, 'utf8'), await assembleAdam(), 'adam-wasm.ts is stale: run `npm run wasm-kernels`');
});
