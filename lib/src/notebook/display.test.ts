/**
 * genmodels' side of the display protocol, against a recording display channel installed under
 * the well-known symbol, as the kernel installs it (the kernel side is tested in test/kernel*.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REPR_MIMEBUNDLE, richDisplay, VEGALITE_MIME } from '../plots/mime';
import {
  display,
  displayBundle,
  DISPLAY_CHANNEL,
  NotebookDisplayError,
  showChart,
  type DisplayOptions,
} from './display';

type Call = { value: unknown; options?: DisplayOptions };

async function withChannel(fn: (calls: Call[]) => Promise<void>): Promise<void> {
  const calls: Call[] = [];
  const g = globalThis as { [DISPLAY_CHANNEL]?: unknown };
  g[DISPLAY_CHANNEL] = {
    display: async (value: unknown, options?: DisplayOptions) => void calls.push({ value, options }),
  };
  try {
    await fn(calls);
  } finally {
    delete g[DISPLAY_CHANNEL];
  }
}

test('showChart sends one display with Vega-Lite, SVG and text together', () =>
  withChannel(async (calls) => {
    const spec = {
      mark: 'point',
      data: { values: [{ x: 1, y: 2 }] },
      encoding: { x: { field: 'x', type: 'quantitative' } },
    };
    await showChart(spec);
    assert.equal(calls.length, 1);
    const bundle = await (calls[0].value as { [REPR_MIMEBUNDLE](): Promise<object> })[REPR_MIMEBUNDLE]();
    assert.deepEqual(Object.keys(bundle).sort(), [VEGALITE_MIME, 'image/svg+xml', 'text/plain'].sort());
    assert.equal((bundle as Record<string, unknown>)[VEGALITE_MIME], spec);
  }));

test('a display handle updates the same display id', () =>
  withChannel(async (calls) => {
    const h = await display('epoch 1');
    await h.update('epoch 2');
    assert.deepEqual(calls, [
      { value: 'epoch 1', options: { displayId: h.displayId } },
      { value: 'epoch 2', options: { displayId: h.displayId, update: true } },
    ]);
    assert.notEqual((await display('other')).displayId, h.displayId, 'each display gets its own id');
  }));

test('outside a kernel, displaying is a NotebookDisplayError that says what to do', async () => {
  await assert.rejects(
    displayBundle({ 'text/plain': 'x' }),
    (e: Error) => e instanceof NotebookDisplayError && /npm start/.test(e.message),
  );
  assert.deepEqual(await richDisplay({ 'text/plain': 'x' })[REPR_MIMEBUNDLE](), { 'text/plain': 'x' });
});
