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
  DATASET_NAMES, SPLITS, MANIFEST, manifestDocument, getDataset, parseIdx, encodeIdx, gunzipIfNeeded, cacheRoot, download,
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

// --- models ---
export {
  mse, bceWithLogits, bceWithLogitsPerExample, logNormal, logStdNormal, klToStdNormal, negativeElbo,
  monteCarloElbo, logMeanExp, iwaeBound, bitsPerDim,
} from './losses';
export type { LossTensors } from './losses';
export { ParamStore, dense, mlp } from './models/params';
export type { Activation, Dense } from './models/params';
export { MODEL_KINDS, ModelInputError } from './models/types';
export type { ModelKind, ModelBatch, LossOptions, TrainableModel } from './models/types';
export { Autoencoder, AUTOENCODER_DEFAULTS } from './models/autoencoder';
export type { AutoencoderConfig } from './models/autoencoder';
export { DenoisingAutoencoder, DENOISING_DEFAULTS } from './models/denoising';
export type { DenoisingAutoencoderConfig } from './models/denoising';
export { VAE, VAE_DEFAULTS, reparameterize } from './models/vae';
export type { VAEConfig, Posterior, NoiseSource } from './models/vae';
export { ConditionalVAE, CVAE_DEFAULTS } from './models/cvae';
export type { ConditionalVAEConfig } from './models/cvae';
export { buildModel, isModelKind } from './models/registry';
export type { ModelConfigs } from './models/registry';
export { fit, TrainingDivergedError, evaluationBinarization } from './train/fit';
export type { FitOptions } from './train/fit';
export type { Metrics, StepInfo, EpochRecord, FitCallbacks, History, StopReason, Control } from './train/callbacks';
export { evaluate, evaluateLoss } from './train/evaluate';
export type { EvaluateOptions, Evaluation } from './train/evaluate';
export { batchesOf } from './train/source';
export type { TensorData, TrainData } from './train/source';
export { progressBar, summary } from './train/progress';
export type { ProgressBarOptions } from './train/progress';
export { saveCheckpoint, loadCheckpoint, restoreWeights, CHECKPOINT_FORMAT } from './train/checkpoint';
export type { CheckpointInfo, LoadedCheckpoint } from './train/checkpoint';
export { fileSystemHandler, writeFileAtomic, CheckpointError, MODEL_FILE, WEIGHTS_FILE } from './train/fs-handler';
// --- end models ---
