/**
 * The Jupyter wire protocol (messaging spec 5.3): how one message travels as ZeroMQ frames.
 *
 *   [identities…, "<IDS|MSG>", HMAC-SHA256(key, header‖parent‖metadata‖content), header, parent, metadata, content, buffers…]
 *
 * An empty key means unsigned messages (signature "").
 */
import { createHmac, randomUUID } from 'node:crypto';

export type Json = { [key: string]: unknown };

export interface Header {
  msg_id: string;
  msg_type: string;
  session: string;
  username: string;
  date: string;
  version: string;
}

export interface Message {
  identities: Buffer[];
  header: Header;
  parent: Header | Json;
  metadata: Json;
  content: Json;
}

const DELIM = '<IDS|MSG>';

export class WireError extends Error {
  override name = 'WireError';
}

function sign(key: string, parts: string[]): string {
  if (key === '') return '';
  const hmac = createHmac('sha256', key);
  for (const p of parts) hmac.update(p);
  return hmac.digest('hex');
}

/** Parse and verify received frames. Throws WireError on a missing delimiter or a bad signature. */
export function decode(key: string, frames: Buffer[]): Message {
  const at = frames.findIndex((f) => f.toString() === DELIM);
  if (at < 0 || frames.length < at + 6) throw new WireError('message without <IDS|MSG> delimiter or parts');
  const parts = frames.slice(at + 2, at + 6).map((f) => f.toString('utf8'));
  if (sign(key, parts) !== frames[at + 1].toString()) throw new WireError('message signature does not match the key');
  const [header, parent, metadata, content] = parts.map((p) => JSON.parse(p) as Json);
  return { identities: frames.slice(0, at), header: header as unknown as Header, parent, metadata, content };
}

/** Frames for a message of `msgType` in reply to (or caused by) `parent`. */
export function encode(key: string, session: string, msgType: string, content: Json, parent?: Message): Buffer[] {
  const header: Header = {
    msg_id: randomUUID(),
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
