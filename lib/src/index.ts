/**
 * genmodels — autoencoders and deep generative models in TensorFlow.js.
 * This file is the whole public API; anything not exported here is internal.
 */
import * as tf from '@tensorflow/tfjs';

/** The TF.js instance genmodels uses. Import it from here so notebooks share one engine. */
export { tf };

export { initBackend, parseBackendName, BackendError, BACKENDS } from './backend/index';
export type { BackendName, InitBackendOptions } from './backend/index';
export { deriveSeed, rng, permutation } from './seed';
export { runMode, isQuick, byMode } from './mode';
export type { RunMode } from './mode';
export { toSVG } from './plots/svg';
export type { VegaLiteSpec } from './plots/svg';
export { chartBundle, hasRichDisplay, REPR_MIMEBUNDLE, richDisplay, VEGALITE_MIME } from './plots/mime';
export type { MimeBundle, RichDisplay } from './plots/mime';
export { displayBundle, showChart } from './notebook/display';

// --- data ---
export {
  DataError, IdxMagicError, IdxTruncatedError, IdxDimsError, IdxTooLargeError, IdxCountMismatchError, LabelRangeError,
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

// --- plots ---
export { Chart, concatCharts } from './plots/chart';
export { PlotInputError } from './plots/check';
export { describeSpec } from './plots/describe';
export { PALETTE } from './plots/theme';
export { encodePNG, gridPNG, pngDataURL } from './plots/png';
export type { GridPngOptions, PngOptions } from './plots/png';
export { tensorToImages } from './plots/tensorImages';
export { pca } from './plots/pca';
export type { Pca, Projection } from './plots/pca';
export { latentScatter } from './plots/latentScatter';
export type { LatentScatterOptions } from './plots/latentScatter';
export { lossCurves } from './plots/lossCurves';
export type { LossCurvesOptions, LossTerms } from './plots/lossCurves';
export { imageGrid } from './plots/imageGrid';
export type { ImageGridOptions, ImageRow } from './plots/imageGrid';
export { manifoldGrid, latentGrid, linspace } from './plots/manifoldGrid';
export type { ManifoldGridOptions } from './plots/manifoldGrid';
export { interpolationStrip, interpolate } from './plots/interpolationStrip';
export type { InterpolationStripOptions } from './plots/interpolationStrip';
export { latentHistogram, densityHistogram, stdNormalPdf } from './plots/latentHistogram';
export type { LatentHistogramOptions, Bin } from './plots/latentHistogram';
export { scatter2d, density2d } from './plots/scatter2d';
export type { Scatter2dOptions, Density2dOptions } from './plots/scatter2d';
export { heatmap } from './plots/heatmap';
export type { HeatmapOptions } from './plots/heatmap';
export { barCompare } from './plots/barCompare';
export type { BarCompareOptions } from './plots/barCompare';
export type { ChartFrame } from './plots/theme';
// --- end plots ---

// --- kernel display ---
export { canDisplay, display, DISPLAY_CHANNEL, NotebookDisplayError } from './notebook/display';
export { liveProgress } from './notebook/liveProgress';
export type { LiveProgressOptions } from './notebook/liveProgress';
export { trainOrLoad } from './notebook/trainOrLoad';
export { prose, fmt, claim, ClaimError } from './notebook/prose';
export type { ClaimOptions } from './notebook/prose';
export type { TrainOrLoadOptions, TrainOrLoadResult } from './notebook/trainOrLoad';
export type { DisplayChannel, DisplayHandle, DisplayOptions } from './notebook/display';
export { throwIfInterrupted, InterruptedError, INTERRUPTED } from './interrupt';
// --- end kernel display ---

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
export { buildModel, isModelKind, isPixelCNN } from './models/registry';
export type { ModelConfigs, AnyPixelCNN } from './models/registry';
export { fit, FIT_DEFAULTS, resolveFitOptions, TrainingDivergedError, evaluationBinarization } from './train/fit';
export type { FitOptions } from './train/fit';
export type { Metrics, StepInfo, EpochRecord, FitCallbacks, History, StopReason, Control } from './train/callbacks';
export { evaluate, evaluateLoss } from './train/evaluate';
export type { EvaluateOptions, Evaluation } from './train/evaluate';
export { batchesOf } from './train/source';
export type { TensorData, TrainData } from './train/source';
export { progressBar, runningLoss, summary } from './train/progress';
export type { ProgressBarOptions } from './train/progress';
export { saveCheckpoint, loadCheckpoint, restoreWeights, CHECKPOINT_FORMAT } from './train/checkpoint';
export type { CheckpointInfo, LoadedCheckpoint } from './train/checkpoint';
export { fileSystemHandler, writeFileAtomic, CheckpointError, MODEL_FILE, WEIGHTS_FILE } from './train/fs-handler';
// --- end models ---

// --- pixelcnn ---
export { causalMask, maskTensor, maskedConv2d, MaskedConv2D, MASK_TYPES } from './models/maskedConv';
export type { MaskType, MaskedConv2DArgs } from './models/maskedConv';
export { PixelCNN, PIXELCNN_DEFAULTS } from './models/pixelcnn';
export type { PixelCNNConfig } from './models/pixelcnn';
export { GatedPixelCNN, GATED_PIXELCNN_DEFAULTS } from './models/gatedPixelcnn';
export type { GatedPixelCNNConfig, Stacks } from './models/gatedPixelcnn';
export { sampleNaive, sampleFast } from './models/pixelcnnSample';
export type { SampleOptions, PixelModel } from './models/pixelcnnSample';
export { receptiveField, maskedStack } from './models/receptiveField';
export type { FieldShape } from './models/receptiveField';
export { exactLikelihood } from './train/likelihood';
export type { LikelihoodOptions, Likelihood } from './train/likelihood';
// --- end pixelcnn ---

// --- nb-vae ---
export { gaussianKL, linearGaussianExpectedLogLikelihood } from './data/linear-gaussian-elbo';
export type { Gaussian } from './data/linear-gaussian-elbo';
// --- end nb-vae ---

// --- lectures 01–03 (autoencoders) ---
export { orthonormalRows, principalAngles, principalSubspace, SubspaceInputError } from './analysis/subspace';
export type { PrincipalSubspaceOptions } from './analysis/subspace';
export { SoftmaxClassifier, fitSoftmaxClassifier } from './models/softmaxClassifier';
export type { SoftmaxClassifierOptions } from './models/softmaxClassifier';
// lectures 03–04: the RBM on bars and stripes, a learned pushforward of N(0, I)
export { barsAndStripes, sampleBarsAndStripes, isBarsAndStripes } from './data/barsAndStripes';
export { RBM, RBM_DEFAULTS, allBinaryStates } from './models/rbm';
export type { RBMConfig, CDOptions, FitCDOptions, RBMGradients } from './models/rbm';
export { Pushforward, PUSHFORWARD_DEFAULTS, mmd2 } from './models/pushforward';
export type { PushforwardConfig, PushforwardFitOptions } from './models/pushforward';
// --- end lectures 01–03 ---

// --- classifier ---
export { softmaxCrossEntropy, softmaxCrossEntropyPerExample } from './losses';
export { Classifier, CLASSIFIER_DEFAULTS, predictClasses, accuracyOf } from './models/classifier';
export type { ClassifierConfig } from './models/classifier';
export { evaluateClassifier } from './train/evaluateClassifier';
export type { ClassifierEvaluation } from './train/evaluateClassifier';
export { classAccuracy, conditionalGenerator } from './analysis/classAccuracy';
export type { ClassAccuracy, ClassAccuracyOptions, ConditionalGenerator } from './analysis/classAccuracy';
// --- end classifier ---
// --- checkpoint export ---
export { bernoulliCrossEntropy } from './train/evaluate';
export { evaluateDenoising, STANDARD_CORRUPTIONS } from './train/denoisingEval';
export type { DenoisingOptions, DenoisingResult, ReconstructionError } from './train/denoisingEval';
export { compareFigures } from './train/figures';
export type { CompareOptions, Tolerance } from './train/figures';
export { encodeWeightsUint16, quantizeUint16 } from './train/quantize';
export type { SaveOptions } from './train/checkpoint';
// --- end checkpoint export ---
// --- speed-vae ---
export { adam, FusedAdam } from './train/adam';
// --- end speed-vae ---
