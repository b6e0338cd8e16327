/**
 * The committed wasm kernel bytes (packages/tfjs-wasm-fast/src/NAME-wasm.ts) are what each
 * packages/tfjs-wasm-fast/src/NAME.wat assembles to: edit the .wat, then run `npm run wasm-kernels`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assemble, KERNELS, type Kernel, outFile } from '../tools/wasm-kernels';

for (const name of Object.keys(KERNELS) as Kernel[]) {
  test(`${name}-wasm.ts is in sync with ${name}.wat`, async () => {
    assert.equal(
      readFileSync(outFile(name), 'utf8'),
      await assemble(name),
      `${name}-wasm.ts is stale: run \`npm run wasm-kernels\``,
    );
  });
}
