"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.KernelServer = void 0;
/**
 * The kernel's five ZeroMQ sockets, bound from a Jupyter connection file:
 * shell and control (ROUTER, requests → replies), iopub (PUB, broadcasts), stdin (ROUTER, unused),
 * heartbeat (REP, echo). Shell requests are handled one at a time, in order; control requests
 * (interrupt, shutdown) are handled at once, even while a cell runs.
 */
const node_fs_1 = require("node:fs");
const node_crypto_1 = require("node:crypto");
const zmq = __importStar(require("zeromq"));
const log_1 = require("./log");
const wire_1 = require("./wire");
/** Serializes sends: a zeromq socket accepts one send in flight at a time. */
function sender(sock) {
    let last = Promise.resolve();
    return (frames) => {
        last = last.then(() => sock.send(frames)).then(() => undefined, (e) => (0, log_1.log)(`send failed: ${String(e)}`));
    };
}
class KernelServer {
    session = (0, node_crypto_1.randomUUID)();
    conn;
    shell = new zmq.Router();
    control = new zmq.Router();
    stdin = new zmq.Router();
    iopub = new zmq.Publisher();
    hb = new zmq.Reply();
    sendIopub = sender(this.iopub);
    shellQueue = Promise.resolve();
    constructor(connectionFile) {
        this.conn = JSON.parse((0, node_fs_1.readFileSync)(connectionFile, 'utf8'));
    }
    /** Broadcast on iopub, with `parent` as the cause (it decides which cell shows the output). */
    publish(msgType, content, parent) {
        this.sendIopub((0, wire_1.encode)(this.conn.key, this.session, msgType, content, parent));
    }
    async start(onShell, onControl) {
        const { transport, ip } = this.conn;
        const at = (port) => `${transport}://${ip}:${port}`;
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
    async serve(sock, handler, queued) {
        const send = sender(sock);
        for await (const frames of sock) {
            let msg;
            try {
                msg = (0, wire_1.decode)(this.conn.key, frames);
            }
            catch (e) {
                (0, log_1.log)(`dropped a message: ${e.message}`);
                continue;
            }
            const run = () => this.handle(msg, handler, send);
            if (queued)
                this.shellQueue = this.shellQueue.then(run);
            else
                void run();
        }
    }
    async handle(msg, handler, send) {
        const channel = {
            reply: (msgType, content) => send((0, wire_1.encode)(this.conn.key, this.session, msgType, content, msg)),
            publish: (msgType, content) => this.publish(msgType, content, msg),
        };
        this.publish('status', { execution_state: 'busy' }, msg);
        try {
            await handler(msg, channel);
        }
        catch (e) {
            (0, log_1.log)(`${msg.header.msg_type} failed: ${e?.stack ?? String(e)}`);
        }
        finally {
            this.publish('status', { execution_state: 'idle' }, msg);
        }
    }
    async echo() {
        for await (const frames of this.hb)
            await this.hb.send(frames);
    }
    /** Let queued sends go out, then close every socket. */
    async close() {
        await new Promise((r) => setTimeout(r, 50));
        for (const s of [this.shell, this.control, this.stdin, this.iopub, this.hb])
            s.close();
    }
}
exports.KernelServer = KernelServer;
//# sourceMappingURL=server.js.map