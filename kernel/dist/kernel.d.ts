/**
 * The request handlers: Jupyter messaging spec 5.3 on top of tslab's engine.
 *
 * execute_request → execute_input, streams, then `execute_result` for the last expression's value
 * (its rich MIME bundle), or an iopub `error` plus an `execute_reply` with status 'error' and
 * ename/evalue/traceback. After a failure, execute requests already queued are answered 'aborted'
 * (stop_on_error, as in ipykernel): those the client sent before the failure was reported.
 */
import { Engine } from './engine';
import { Output, type Publish } from './output';
import type { Channel } from './server';
import type { Message } from './wire';
export declare class Kernel {
    private readonly engine;
    private readonly exit;
    private count;
    /** Execute requests the client sent before this time (ms) are aborted: they were queued behind a failed cell. */
    private abortSentBefore;
    private current;
    readonly output: Output;
    constructor(engine: Engine, publish: Publish, exit: () => void);
    /** Stop the running cell at its next await (or, for SIGINT, inside a synchronous loop). */
    interrupt(): void;
    readonly onShell: (msg: Message, ch: Channel) => Promise<void>;
    readonly onControl: (msg: Message, ch: Channel) => Promise<void>;
    private kernelInfo;
    private execute;
    /** Publish the result of a finished cell, or return its error. */
    private settle;
}
