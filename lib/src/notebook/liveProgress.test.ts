import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { VAE } from '../models/vae';
import { fit } from '../train/fit';
import { DISPLAY_CHANNEL, type DisplayOptions } from './display';
import { hasRichDisplay, REPR_MIMEBUNDLE, type MimeBundle } from '../plots/mime';
import { liveProgress } from './liveProgress';
import { uniform, useCpu } from '../../../test/helpers/models';

before(useCpu);

test('liveProgress shows one output and updates it in place, ending with a line per epoch', async () => {
  const sent: { bundle: MimeBundle; options?: DisplayOptions }[] = [];
  const g = globalThis as { [DISPLAY_CHANNEL]?: unknown };
  g[DISPLAY_CHANNEL] = {
    async display(value: unknown, options?: DisplayOptions) {
      assert.ok(hasRichDisplay(value));
      sent.push({ bundle: await value[REPR_MIMEBUNDLE](), options });
    },
  };
  try {
    const vae = new VAE({ inputDim: 16, hidden: [8], latentDim: 2, seed: 1 });
    await fit(
      vae,
      { x: uniform(64, 16, 2) },
      { epochs: 2, batchSize: 16, callbacks: liveProgress({ title: 'tiny', intervalMs: 0 }) },
    );
    vae.dispose();
  } finally {
    delete g[DISPLAY_CHANNEL];
  }
  assert.ok(sent.length > 2);
  assert.equal(sent[0].options?.update, undefined, 'the first message creates the output');
  const id = sent[0].options?.displayId;
  assert.ok(
    id && sent.slice(1).every((m) => m.options?.update === true && m.options.displayId === id),
    'the rest update it',
  );
  const last = sent.at(-1)!.bundle;
  assert.match(String(last['text/plain']), /^tiny\ndone\nepoch 1: train [\d.]+ .*\nepoch 2: train /);
  assert.match(String(last['text/html']), /<progress value="1.000"/);
});
