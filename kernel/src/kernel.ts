/**
 * The request handlers: Jupyter messaging spec 5.3 on top of tslab's engine.
 *
 * execute_request → execute_input, streams, then `execute_result` for the last expression's value
 * (its rich MIME bundle), or an iopub `error` plus an `execute_reply` with status 'error' and
 * ename/evalue/traceback. After a failure, execute requests already queued are answered 'aborted'
 * (stop_on_error, as in ipykernel): those the client sent before the failure was reported.
 */
import { Engine, type Outcome } from './engine';
import { fromDiagnostics, fromThrown, type ErrorContent } from './errors';
import { cells, KeyboardInterrupt, type CellContext } from './interrupt';
import { log } from './log';
import { Output, type Publish } from './output';
import { encodeBundle, toMimeBundle } from './repr';
import type { Channel } from './server';
import type { Json, Message } from './wire';

const LANGUAGE_INFO = {
  name: 'typescript',
  version: '5.0',
  mimetype: 'text/typescript',
  file_extension: '.ts',
  // makes classic Notebook and JupyterLab highlight TypeScript
  codemirror_mode: { mode: 'typescript', name: 'javascript', typescript: true },
};

export class Kernel {
  private count = 0;
  /** Execute requests the client sent before this time (ms) are aborted: they were queued behind a failed cell. */
  private abortSentBefore = -Infinity;
  private current: CellContext | undefined;
  readonly output: Output;

  constructor(
    private readonly engine: Engine,
    publish: Publish,
    private readonly exit: () => void,
  ) {
    this.output = new Output(publish);
  }

  /** Stop the running cell at its next await (or, for SIGINT, inside a synchronous loop). */
  interrupt(): void {
    if (!this.current) return;
    this.current.interrupted = true;
    this.engine.interrupt();
  }

  readonly onShell = async (msg: Message, ch: Channel): Promise<void> => {
    const c = msg.content as Json & { code: string; cursor_pos: number };
    switch (msg.header.msg_type) {
      case 'execute_request':
        return this.execute(msg, ch);
      case 'kernel_info_request':
        return ch.reply('kernel_info_reply', this.kernelInfo());
      case 'complete_request': {
        const info = this.engine.complete(c.code, c.cursor_pos);
        return ch.reply('complete_reply', {
          status: 'ok',
          matches: info.candidates,
          cursor_start: info.start,
          cursor_end: info.end,
          metadata: {},
        });
      }
      case 'inspect_request': {
        const text = this.engine.inspect(c.code, c.cursor_pos);
        return ch.reply('inspect_reply', {
          status: 'ok',
          found: text !== null,
          data: text ? { 'text/plain': text } : {},
          metadata: {},
        });
      }
      case 'is_complete_request': {
        const r = this.engine.isComplete(c.code);
        return ch.reply(
          'is_complete_reply',
          r.completed ? { status: 'complete' } : { status: 'incomplete', indent: r.indent ?? '' },
        );
      }
      case 'comm_info_request':
        return ch.reply('comm_info_reply', { status: 'ok', comms: {} });
      case 'history_request':
        return ch.reply('history_reply', { status: 'ok', history: [] });
      default:
        log(`ignoring ${msg.header.msg_type}`);
    }
  };

  readonly onControl = async (msg: Message, ch: Channel): Promise<void> => {
    switch (msg.header.msg_type) {
      case 'interrupt_request':
        this.interrupt();
        return ch.reply('interrupt_reply', { status: 'ok' });
      case 'shutdown_request':
        ch.reply('shutdown_reply', { status: 'ok', restart: Boolean(msg.content.restart) });
        return this.exit();
      case 'kernel_info_request':
        return ch.reply('kernel_info_reply', this.kernelInfo());
      default:
        log(`ignoring control ${msg.header.msg_type}`);
    }
  };

  private kernelInfo(): Json {
    return {
      status: 'ok',
      protocol_version: '5.3',
      implementation: 'genmodels',
      implementation_version: '0.1.0',
      language_info: LANGUAGE_INFO,
      banner: 'TypeScript (genmodels kernel on tslab)',
      help_links: [],
    };
  }

  private async execute(msg: Message, ch: Channel): Promise<void> {
    const {
      code,
      silent = false,
      store_history = true,
      stop_on_error = true,
    } = msg.content as {
      code: string;
      silent?: boolean;
      store_history?: boolean;
      stop_on_error?: boolean;
    };
    if (Date.parse(msg.header.date) < this.abortSentBefore)
      return ch.reply('execute_reply', { status: 'aborted', execution_count: this.count });
    if (!silent && store_history) this.count++;
    const count = this.count;
    if (!silent) ch.publish('execute_input', { code, execution_count: count });
    const ctx: CellContext = { parent: msg, interrupted: false };
    this.current = ctx;
    this.output.lastParent = msg;
    const error = await cells.run(ctx, async () =>
      this.settle(await this.engine.execute(code), ctx, silent, count, ch),
    );
    this.current = undefined;
    this.output.finish(msg);
    if (!error)
      return ch.reply('execute_reply', { status: 'ok', execution_count: count, user_expressions: {}, payload: [] });
    ch.publish('error', { ...error });
    ch.reply('execute_reply', { status: 'error', execution_count: count, ...error });
    if (stop_on_error) this.abortSentBefore = Date.now();
  }

  /** Publish the result of a finished cell, or return its error. */
  private async settle(
    outcome: Outcome,
    ctx: CellContext,
    silent: boolean,
    count: number,
    ch: Channel,
  ): Promise<ErrorContent | null> {
    if (outcome.kind === 'diagnostics') return fromDiagnostics(outcome.diagnostics);
    if (outcome.kind === 'thrown') {
      const code = (outcome.value as { code?: unknown } | null)?.code;
      const interrupted = ctx.interrupted || code === 'ERR_SCRIPT_EXECUTION_INTERRUPTED';
      return fromThrown(interrupted ? new KeyboardInterrupt() : outcome.value);
    }
    if (silent) return null;
    try {
      const bundle = await toMimeBundle(outcome.value);
      this.output.flush();
      if (bundle) ch.publish('execute_result', { execution_count: count, data: encodeBundle(bundle), metadata: {} });
      return null;
    } catch (e) {
      return fromThrown(e);
    }
  }
}
