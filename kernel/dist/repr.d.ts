export type MimeBundle = {
    [mime: string]: unknown;
};
export declare const REPR_MIMEBUNDLE: unique symbol;
interface TensorLike {
    shape: number[];
    dataSync(): ArrayLike<number>;
    dtype: string;
    size: number;
    isDisposed: boolean;
    toString(): string;
}
/** `Tensor float32 [2, 3]` and the first lines of TF.js's own (already elided) value print-out. */
export declare function tensorSummary(t: TensorLike): string;
export declare function inspectText(value: unknown): string;
export declare function toMimeBundle(value: unknown): Promise<MimeBundle | null>;
/** Bundle data as JSON: binary data (PNG bytes) becomes base64, as the protocol requires. */
export declare function encodeBundle(bundle: MimeBundle): MimeBundle;
export {};
