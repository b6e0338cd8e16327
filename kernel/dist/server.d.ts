import { type Json, type Message } from './wire';
export interface ConnectionInfo {
    transport: string;
    ip: string;
    key: string;
    shell_port: number;
    control_port: number;
    iopub_port: number;
    stdin_port: number;
    hb_port: number;
}
/** What a request handler can do: reply on the request's socket, or broadcast on iopub. */
export interface Channel {
    reply(msgType: string, content: Json): void;
    publish(msgType: string, content: Json): void;
}
export type Handler = (msg: Message, channel: Channel) => Promise<void> | void;
export declare class KernelServer {
    readonly session: `${string}-${string}-${string}-${string}-${string}`;
    private readonly conn;
    private readonly shell;
    private readonly control;
    private readonly stdin;
    private readonly iopub;
    private readonly hb;
    private readonly sendIopub;
    private shellQueue;
    constructor(connectionFile: string);
    /** Broadcast on iopub, with `parent` as the cause (it decides which cell shows the output). */
    publish(msgType: string, content: Json, parent?: Message): void;
    start(onShell: Handler, onControl: Handler): Promise<void>;
    private serve;
    private handle;
    private echo;
    /** Let queued sends go out, then close every socket. */
    close(): Promise<void>;
}
