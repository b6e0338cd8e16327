import type { Json, Message } from './wire';
export type Publish = (msgType: string, content: Json, parent?: Message) => void;
/** The display channel genmodels looks up under this well-known symbol (lib/src/notebook/display.ts). */
export declare const DISPLAY_CHANNEL: unique symbol;
export interface DisplayOptions {
    /** Names the output, so later calls with `update: true` replace it in place. */
    displayId?: string;
    update?: boolean;
}
export declare class Output {
    private readonly publish;
    private readonly limit;
    private pending;
    private timer;
    private readonly used;
    private readonly dropped;
    lastParent: Message | undefined;
    constructor(publish: Publish, limit?: number);
    private parent;
    write(name: 'stdout' | 'stderr', text: string, parent?: Message | undefined): void;
    flush(): void;
    /** Flush a finished cell's output, with a note if its output was cut at the limit. */
    finish(parent: Message): void;
    /** Show a value as one display_data (or update_display_data) with its whole MIME bundle. */
    display(value: unknown, { displayId, update }?: DisplayOptions): Promise<void>;
    /** Route process.stdout/stderr, the genmodels display channel and tslab's `display` API here. */
    install(): void;
}
