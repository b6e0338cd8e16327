"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.WireError = void 0;
exports.decode = decode;
exports.encode = encode;
/**
 * The Jupyter wire protocol (messaging spec 5.3): how one message travels as ZeroMQ frames.
 *
 *   [identities…, "<IDS|MSG>", HMAC-SHA256(key, header‖parent‖metadata‖content), header, parent, metadata, content, buffers…]
 *
 * An empty key means unsigned messages (signature "").
 */
const node_crypto_1 = require("node:crypto");
const DELIM = '<IDS|MSG>';
class WireError extends Error {
    name = 'WireError';
}
exports.WireError = WireError;
function sign(key, parts) {
    if (key === '')
        return '';
    const hmac = (0, node_crypto_1.createHmac)('sha256', key);
    for (const p of parts)
        hmac.update(p);
    return hmac.digest('hex');
}
/** Parse and verify received frames. Throws WireError on a missing delimiter or a bad signature. */
function decode(key, frames) {
    const at = frames.findIndex((f) => f.toString() === DELIM);
    if (at < 0 || frames.length < at + 6)
        throw new WireError('message without <IDS|MSG> delimiter or parts');
    const parts = frames.slice(at + 2, at + 6).map((f) => f.toString('utf8'));
    if (sign(key, parts) !== frames[at + 1].toString())
        throw new WireError('message signature does not match the key');
    const [header, parent, metadata, content] = parts.map((p) => JSON.parse(p));
    return { identities: frames.slice(0, at), header: header, parent, metadata, content };
}
/** Frames for a message of `msgType` in reply to (or caused by) `parent`. */
function encode(key, session, msgType, content, parent) {
    const header = {
        msg_id: (0, node_crypto_1.randomUUID)(),
        msg_type: msgType,
        session,
        username: 'kernel',
        date: new Date().toISOString(),
        version: '5.3',
    };
    const parts = [header, parent?.header ?? {}, {}, content].map((p) => JSON.stringify(p));
    const identities = msgType.endsWith('_reply') && parent ? parent.identities : [];
    return [...identities, Buffer.from(DELIM), Buffer.from(sign(key, parts)), ...parts.map((p) => Buffer.from(p))];
}
//# sourceMappingURL=wire.js.map