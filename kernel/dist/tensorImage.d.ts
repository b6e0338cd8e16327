export interface PixelTensor {
    shape: number[];
    dtype: string;
    dataSync(): ArrayLike<number>;
}
/** PNG bytes of an image-shaped tensor, or null. */
export declare function tensorToPNG(t: PixelTensor): Uint8Array | null;
