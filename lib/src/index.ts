/**
 * genmodels — autoencoders and deep generative models in TensorFlow.js.
 * This file is the whole public API; anything not exported here is internal.
 */
import * as tf from '@tensorflow/tfjs';

/** The TF.js instance genmodels uses. Import it from here so notebooks share one engine. */
export { tf };

export { initBackend, parseBackendName, BackendError, BACKENDS } from './backend';
export type { BackendName, InitBackendOptions } from './backend';
export { deriveSeed, rng, permutation } from './seed';
export { runMode, isQuick, byMode } from './mode';
export type { RunMode } from './mode';
export { toSVG } from './plots/svg';
export type { VegaLiteSpec } from './plots/svg';
export { chartBundle, displayBundle, showChart, hasRichDisplay, REPR_MIMEBUNDLE, VEGALITE_MIME } from './notebook/display';
export type { MimeBundle, RichDisplay } from './notebook/display';

// --- data ---
export {
  DataError, IdxMagicError, IdxTruncatedError, IdxDimsError, IdxCountMismatchError, LabelRangeError,
  ChecksumError, UnknownDatasetError, DatasetMissingError, CacheError, DownloadError,
  DATASET_NAMES, SPLITS, MANIFEST, getDataset, parseIdx, gunzipIfNeeded, cacheRoot, download,
  candidates, locate, readVerified, obtain, fetchFile, datasetFiles,
  loadDataset, readImageSet, splitValidation, subset, gather, BINARIZATIONS, batches, toTensor,
  gaussianNoise, maskingNoise, saltAndPepper, corrupt, normalSampler,
  standardNormal2D, ring2D, ringMap, twoMoons, gaussianMixture2D,
  linearGaussianModel, sampleLinearGaussian, linearGaussianLogLikelihood, linearGaussianLogJoint,
  linearGaussianPosterior, gaussianLogDensity,
} from './data';
export type {
  DatasetName, Split, DatasetEntry, FileEntry, Source, Idx, IdxExpectation, DownloadOptions, DownloadProgress,
  SourceOptions, Located, Verified, ImageSet, LoadOptions, Binarization, Batch, BatchOptions, Corruption,
  Points2D, LinearGaussian,
} from './data';
// --- end data ---
