"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Kernel = void 0;
const errors_1 = require("./errors");
const interrupt_1 = require("./interrupt");
const log_1 = require("./log");
const output_1 = require("./output");
const repr_1 = require("./repr");
const LANGUAGE_INFO = {
    name: 'typescript',
    version: '5.0',
    mimetype: 'text/typescript',
    file_extension: '.ts',
    // makes classic Notebook and JupyterLab highlight TypeScript
    codemirror_mode: { mode: 'typescript', name: 'javascript', typescript: true },
};
class Kernel {
    engine;
    exit;
    count = 0;
    /** Execute requests the client sent before this time (ms) are aborted: they were queued behind a failed cell. */
    abortSentBefore = -Infinity;
    current;
    output;
    constructor(engine, publish, exit) {
        this.engine = engine;
        this.exit = exit;
        this.output = new output_1.Output(publish);
    }
    /** Stop the running cell at its next await (or, for SIGINT, inside a synchronous loop). */
    interrupt() {
        if (!this.current)
            return;
        this.current.interrupted = true;
        this.engine.interrupt();
    }
    onShell = async (msg, ch) => {
        const c = msg.content;
        switch (msg.header.msg_type) {
            case 'execute_request':
                return this.execute(msg, ch);
            case 'kernel_info_request':
                return ch.reply('kernel_info_reply', this.kernelInfo());
            case 'complete_request': {
                const info = this.engine.complete(c.code, c.cursor_pos);
                return ch.reply('complete_reply', {
                    status: 'ok', matches: info.candidates, cursor_start: info.start, cursor_end: info.end, metadata: {},
                });
            }
            case 'inspect_request': {
                const text = this.engine.inspect(c.code, c.cursor_pos);
                return ch.reply('inspect_reply', { status: 'ok', found: text !== null, data: text ? { 'text/plain': text } : {}, metadata: {} });
            }
            case 'is_complete_request': {
                const r = this.engine.isComplete(c.code);
                return ch.reply('is_complete_reply', r.completed ? { status: 'complete' } : { status: 'incomplete', indent: r.indent ?? '' });
            }
            case 'comm_info_request':
                return ch.reply('comm_info_reply', { status: 'ok', comms: {} });
            case 'history_request':
                return ch.reply('history_reply', { status: 'ok', history: [] });
            default:
                (0, log_1.log)(`ignoring ${msg.header.msg_type}`);
        }
    };
    onControl = async (msg, ch) => {
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
                (0, log_1.log)(`ignoring control ${msg.header.msg_type}`);
        }
    };
    kernelInfo() {
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
    async execute(msg, ch) {
        const { code, silent = false, store_history = true, stop_on_error = true } = msg.content;
        if (Date.parse(msg.header.date) < this.abortSentBefore)
            return ch.reply('execute_reply', { status: 'aborted', execution_count: this.count });
        if (!silent && store_history)
            this.count++;
        const count = this.count;
        if (!silent)
            ch.publish('execute_input', { code, execution_count: count });
        const ctx = { parent: msg, interrupted: false };
        this.current = ctx;
        this.output.lastParent = msg;
        const error = await interrupt_1.cells.run(ctx, async () => this.settle(await this.engine.execute(code), ctx, silent, count, ch));
        this.current = undefined;
        this.output.finish(msg);
        if (!error)
            return ch.reply('execute_reply', { status: 'ok', execution_count: count, user_expressions: {}, payload: [] });
        ch.publish('error', { ...error });
        ch.reply('execute_reply', { status: 'error', execution_count: count, ...error });
        if (stop_on_error)
            this.abortSentBefore = Date.now();
    }
    /** Publish the result of a finished cell, or return its error. */
    async settle(outcome, ctx, silent, count, ch) {
        if (outcome.kind === 'diagnostics')
            return (0, errors_1.fromDiagnostics)(outcome.diagnostics);
        if (outcome.kind === 'thrown') {
            const code = outcome.value?.code;
            const interrupted = ctx.interrupted || code === 'ERR_SCRIPT_EXECUTION_INTERRUPTED';
            return (0, errors_1.fromThrown)(interrupted ? new interrupt_1.KeyboardInterrupt() : outcome.value);
        }
        if (silent)
            return null;
        try {
            const bundle = await (0, repr_1.toMimeBundle)(outcome.value);
            this.output.flush();
            if (bundle)
                ch.publish('execute_result', { execution_count: count, data: (0, repr_1.encodeBundle)(bundle), metadata: {} });
            return null;
        }
        catch (e) {
            return (0, errors_1.fromThrown)(e);
        }
    }
}
exports.Kernel = Kernel;
//# sourceMappingURL=kernel.js.map