/** The data layer: datasets, views, batching, binarization, corruption, toy data. */
export * from './errors';
export { DATASET_NAMES, SPLITS, MANIFEST, manifestDocument, getDataset } from './registry';
export type { DatasetName, Split, DatasetEntry, FileEntry, Source } from './registry';
export { parseIdx, encodeIdx, gunzipIfNeeded, MAX_IDX_BYTES } from './idx';
export type { Idx, IdxExpectation, GunzipOptions } from './idx';
export { cacheRoot } from './cache';
export { download } from './download';
export type { DownloadOptions, DownloadProgress } from './download';
export { candidates, locate, readVerified, obtain, fetchFile, datasetFiles } from './sources';
export type { SourceOptions, Located, Verified } from './sources';
export { loadDataset, readImageSet } from './load';
export type { ImageSet, LoadOptions } from './load';
export { splitValidation, subset, gather } from './views';
export { BINARIZATIONS } from './binarize';
export type { Binarization } from './binarize';
export { batches, toTensor } from './batches';
export type { Batch, BatchOptions } from './batches';
export { gaussianNoise, maskingNoise, saltAndPepper, corrupt } from './corruption';
export type { Corruption } from './corruption';
export { normalSampler } from './gaussian';
export { standardNormal2D, ring2D, ringMap } from './toy';
export type { Points2D } from './toy';
export {
  linearGaussianModel,
  sampleLinearGaussian,
  linearGaussianLogLikelihood,
  linearGaussianLogJoint,
  linearGaussianPosterior,
  gaussianLogDensity,
} from './linear-gaussian';
export type { LinearGaussian } from './linear-gaussian';
