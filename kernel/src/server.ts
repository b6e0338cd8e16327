/**
 * The kernel's five ZeroMQ sockets, bound from a Jupyter connection file:
 * shell and control (ROUTER, requests → replies), iopub (PUB, broadcasts), stdin (ROUTER, unused),
 * heartbeat (REP, echo). Shell requests are handled one at a time, in order; control requests
 * (interrupt, shutdown) are handled at once, even while a cell runs.
 */
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import * as zmq from 'zeromq';
import { log } from './log';
import { decode, encode, type Json, type Message } from './wire';

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

/** Serializes sends: a zeromq socket accepts one send in flight at a time. */
function sender(sock: zmq.Socket & { send(frames: Buffer[]): Promise<void> }) {
  let last: Promise<void> = Promise.resolve();
  return (frames: Buffer[]) => {
    last = last
      .then(() => sock.send(frames))
      .then(
        () => undefined,
        (e: unknown) => log(`send failed: ${String(e)}`),
      );
  };
}

export class KernelServer {
  readonly session = randomUUID();
  private readonly conn: ConnectionInfo;
  private readonly shell = new zmq.Router();
  private readonly control = new zmq.Router();
  private readonly stdin = new zmq.Router();
  private readonly iopub = new zmq.Publisher();
  private readonly hb = new zmq.Reply();
  private readonly sendIopub = sender(this.iopub);
  private shellQueue: Promise<void> = Promise.resolve();

  constructor(connectionFile: string) {
    this.conn = JSON.parse(readFileSync(connectionFile, 'utf8')) as ConnectionInfo;
  }

  /** Broadcast on iopub, with `parent` as the cause (it decides which cell shows the output). */
  publish(msgType: string, content: Json, parent?: Message): void {
    this.sendIopub(encode(this.conn.key, this.session, msgType, content, parent));
  }

  async start(onShell: Handler, onControl: Handler): Promise<void> {
    const { transport, ip } = this.conn;
    const at = (port: number) => `${transport}://${ip}:${port}`;
    await Promise.all([
      this.shell.bind(at(this.conn.shell_port)),
      this.control.bind(at(this.conn.control_port)),
      this.stdin.bind(at(this.conn.stdin_port)),
      this.iopub.bind(at(this.conn.iopub_port)),
      this.hb.bind(at(this.conn.hb_port)),
    ]);
    void this.serve(this.shell, onShell, true);
    void this.serve(this.control, onControl, false);
    void this.echo();
    this.publish('status', { execution_state: 'starting' });
  }

  private async serve(sock: zmq.Router, handler: Handler, queued: boolean): Promise<void> {
    const send = sender(sock);
    for await (const frames of sock) {
      let msg: Message;
      try {
        msg = decode(this.conn.key, frames);
      } catch (e) {
        log(`dropped a message: ${(e as Error).message}`);
        continue;
      }
      const run = () => this.handle(msg, handler, send);
      if (queued) this.shellQueue = this.shellQueue.then(run);
      else void run();
    }
  }

  private async handle(msg: Message, handler: Handler, send: (frames: Buffer[]) => void): Promise<void> {
    const channel: Channel = {
      reply: (msgType, content) => send(encode(this.conn.key, this.session, msgType, content, msg)),
      publish: (msgType, content) => this.publish(msgType, content, msg),
    };
    this.publish('status', { execution_state: 'busy' }, msg);
    try {
      await handler(msg, channel);
    } catch (e) {
      log(`${msg.header.msg_type} failed: ${(e as Error)?.stack ?? String(e)}`);
    } finally {
      this.publish('status', { execution_state: 'idle' }, msg);
    }
  }

  private async echo(): Promise<void> {
    for await (const frames of this.hb) await this.hb.send(frames);
  }

  /** Let queued sends go out, then close every socket. */
  async close(): Promise<void> {
    await new Promise((r) => setTimeout(r, 50));
    for (const s of [this.shell, this.control, this.stdin, this.iopub, this.hb]) s.close();
  }
}
