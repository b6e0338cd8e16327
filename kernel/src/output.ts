/**
 * Everything a cell shows besides its result: stdout/stderr (captured from `process.stdout.write`)
 * and display_data. Output goes to the cell that caused it — the AsyncLocalStorage context of the
 * running code, or else the latest cell — so a background loop keeps writing into its own cell.
 *
 * Stream text is coalesced (one message per ~50 ms, as ipykernel does) and capped per cell, so a
 * cell printing megabytes cannot flood the front end.
 */
import { cells } from './interrupt';
import { encodeBundle, toMimeBundle } from './repr';
import type { Json, Message } from './wire';

export type Publish = (msgType: string, content: Json, parent?: Message) => void;

/** The display channel genmodels looks up under this well-known symbol (lib/src/notebook/display.ts). */
export const DISPLAY_CHANNEL = Symbol.for('jupyter.display_channel');

export interface DisplayOptions {
  /** Names the output, so later calls with `update: true` replace it in place. */
  displayId?: string;
  update?: boolean;
}

const FLUSH_MS = 50;
const DEFAULT_LIMIT = 4 * 1024 * 1024;

export class Output {
  private pending: { parent: Message; name: string; text: string } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly used = new WeakMap<Message, number>();
  private readonly dropped = new WeakMap<Message, number>();
  lastParent: Message | undefined;

  constructor(
    private readonly publish: Publish,
    private readonly limit = Number(process.env.GENMODELS_KERNEL_MAX_OUTPUT) || DEFAULT_LIMIT,
  ) {}

  private parent(): Message | undefined {
    return cells.getStore()?.parent ?? this.lastParent;
  }

  write(name: 'stdout' | 'stderr', text: string, parent = this.parent()): void {
    if (!parent) return;
    const used = this.used.get(parent) ?? 0;
    const room = Math.max(0, this.limit - used);
    if (text.length > room) this.dropped.set(parent, (this.dropped.get(parent) ?? 0) + text.length - room);
    text = text.slice(0, room);
    if (text === '') return;
    this.used.set(parent, used + text.length);
    if (this.pending && (this.pending.parent !== parent || this.pending.name !== name)) this.flush();
    if (this.pending) this.pending.text += text;
    else this.pending = { parent, name, text };
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.pending) return;
    const { parent, name, text } = this.pending;
    this.pending = null;
    this.publish('stream', { name, text }, parent);
  }

  /** Flush a finished cell's output, with a note if its output was cut at the limit. */
  finish(parent: Message): void {
    this.flush();
    const dropped = this.dropped.get(parent);
    if (!dropped) return;
    const note =
      `\n[kernel: output limit of ${this.limit} characters per cell reached; ${dropped} more were dropped. ` +
      'Print less, or raise the limit with GENMODELS_KERNEL_MAX_OUTPUT.]\n';
    this.publish('stream', { name: 'stderr', text: note }, parent);
  }

  /** Show a value as one display_data (or update_display_data) with its whole MIME bundle. */
  async display(value: unknown, { displayId, update = false }: DisplayOptions = {}): Promise<void> {
    const parent = this.parent();
    const bundle = await toMimeBundle(value);
    if (!parent || !bundle) return;
    this.flush();
    const content: Json = {
      data: encodeBundle(bundle),
      metadata: {},
      transient: displayId ? { display_id: displayId } : {},
    };
    this.publish(update ? 'update_display_data' : 'display_data', content, parent);
  }

  /** Route process.stdout/stderr, the genmodels display channel and tslab's `display` API here. */
  install(): void {
    for (const name of ['stdout', 'stderr'] as const) {
      process[name].write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        this.write(name, typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
        done?.();
        return true;
      }) as typeof process.stdout.write;
    }
    (globalThis as { [DISPLAY_CHANNEL]?: unknown })[DISPLAY_CHANNEL] = {
      display: (value: unknown, options?: DisplayOptions) => this.display(value, options),
    };
    const tslabJupyter = require('tslab/dist/jupyter') as { lastWriteDisplayData: unknown };
    tslabJupyter.lastWriteDisplayData = (data: Json, update: boolean) => {
      const parent = this.parent();
      this.flush();
      if (parent) this.publish(update ? 'update_display_data' : 'display_data', data, parent);
    };
  }
}
