/**
 * Showing rich values in a notebook. This is the one place where genmodels talks to the kernel's
 * display channel, so the rest of the library stays pure.
 *
 * A chart is sent as ONE output holding its whole MIME bundle (plots/mime.ts: Vega-Lite JSON, an
 * SVG fallback and a text summary); the front end picks the richest type it can render.
 *
 * The kernel side: genmodels' kernel (kernel/) installs a display channel under the well-known
 * symbol `Symbol.for('jupyter.display_channel')`; it turns any value into its MIME bundle (see
 * REPR_MIMEBUNDLE) and sends display_data, or update_display_data for a known display id. Under
 * stock tslab, tslab's own display hook is used with the same whole bundle.
 *
 * `showChart` and `displayBundle` add an output; `display` returns a handle to replace it later.
 *
 * @example
 *   await showChart(spec);               // one output: Vega-Lite + SVG + text
 *   new Chart(spec)                      // as a cell's last expression: the same, as its result
 *   const progress = await display('epoch 1');
 *   await progress.update('epoch 2');   // the same output changes in place
 */
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import {
  chartBundle,
  hasRichDisplay,
  REPR_MIMEBUNDLE,
  richDisplay,
  type MimeBundle,
  type RichDisplay,
} from '../plots/mime';
import type { VegaLiteSpec } from '../plots/svg';

/** Where the kernel listens for displays (installed by genmodels' kernel). */
export const DISPLAY_CHANNEL: unique symbol = Symbol.for('jupyter.display_channel') as never;

export interface DisplayOptions {
  /** Names the output so a later `update: true` replaces it in place. Default: none. */
  displayId?: string;
  /** Replace the output named `displayId` instead of adding one. Default: false. */
  update?: boolean;
}

export interface DisplayChannel {
  display(value: unknown, options?: DisplayOptions): Promise<void>;
}

/** One output in the notebook that can be replaced in place (live training progress). */
export interface DisplayHandle {
  readonly displayId: string;
  update(value: unknown): Promise<void>;
}

export class NotebookDisplayError extends Error {
  override name = 'NotebookDisplayError';
}

async function bundleOf(value: unknown): Promise<MimeBundle> {
  const bundle = hasRichDisplay(value) ? await value[REPR_MIMEBUNDLE]() : { 'text/plain': inspect(value) };
  return Object.fromEntries(
    Object.entries(bundle).map(([mime, data]) => [
      mime,
      data instanceof Uint8Array ? Buffer.from(data).toString('base64') : data,
    ]),
  );
}

/** Stock tslab: its display hook (set while a cell runs) takes a whole bundle too. */
function stockTslabChannel(): DisplayChannel | null {
  let hook: unknown;
  try {
    hook = (require('tslab/dist/jupyter') as { lastWriteDisplayData: unknown }).lastWriteDisplayData;
  } catch {
    return null;
  }
  if (typeof hook !== 'function') return null;
  return {
    display: async (value, { displayId, update = false } = {}) =>
      hook(
        { data: await bundleOf(value), metadata: {}, transient: displayId ? { display_id: displayId } : {} },
        update,
      ),
  };
}

function findChannel(): DisplayChannel | null {
  return (globalThis as { [DISPLAY_CHANNEL]?: DisplayChannel })[DISPLAY_CHANNEL] ?? stockTslabChannel();
}

/** True inside a Jupyter kernel that can display (ours or stock tslab); false in plain Node. */
export function canDisplay(): boolean {
  return findChannel() !== null;
}

function channel(): DisplayChannel {
  const found = findChannel();
  if (!found) {
    throw new NotebookDisplayError(
      'display needs a running Jupyter kernel, and none was found (this is plain Node). ' +
        'Run the code in a notebook with the genmodels kernel (`npm start`), or use toSVG() to get the chart as a string.',
    );
  }
  return found;
}

/** Show `value` as one output with its whole MIME bundle; the handle updates that output in place. */
export async function display(value: unknown): Promise<DisplayHandle> {
  const displayId = randomBytes(8).toString('hex');
  await channel().display(value, { displayId });
  return { displayId, update: (next) => channel().display(next, { displayId, update: true }) };
}

/** Display a bundle in the running kernel, as one output. Outside a kernel this is a NotebookDisplayError. */
export async function displayBundle(bundle: MimeBundle): Promise<void> {
  await channel().display(richDisplay(bundle));
}

/** Display a chart (a `Chart` or any rich value, or a bare Vega-Lite spec) with its SVG fallback, as one output. */
export async function showChart(chart: VegaLiteSpec | RichDisplay): Promise<void> {
  await channel().display(hasRichDisplay(chart) ? chart : richDisplay(await chartBundle(chart)));
}
