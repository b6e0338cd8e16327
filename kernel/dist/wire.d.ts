export type Json = {
    [key: string]: unknown;
};
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
export declare class WireError extends Error {
    name: string;
}
/** Parse and verify received frames. Throws WireError on a missing delimiter or a bad signature. */
export declare function decode(key: string, frames: Buffer[]): Message;
/** Frames for a message of `msgType` in reply to (or caused by) `parent`. */
export declare function encode(key: string, session: string, msgType: string, content: Json, parent?: Message): Buffer[];
