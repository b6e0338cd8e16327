/**
 * genmodels — autoencoders and deep generative models in TensorFlow.js.
 * This file is the whole public API; anything not exported here is internal. It lists what the
 * lectures, exercises, tools, tests and benchmarks use, in lecture order, one export per line
 * with what it is; test/api.test.ts keeps it that way (no export that nothing outside lib uses).
 */
import * as tf from '@tensorflow/tfjs';

// --- setup: backend, run mode, seeds (lecture 00) ---
/** The TF.js instance genmodels uses; import it from here so notebooks share one engine. */
export { tf };
/** Select and activate the backend (node, wasm or cpu) once per process; resolves to its name. */
export { initBackend } from './backend';
/** initBackend's options and the backend names it can choose. */
export type { BackendName, InitBackendOptions } from './backend';
/** The run mode ('quick' under GENMODELS_QUICK=1, else 'full'), read on each call. */
export { runMode } from './mode';
/** Whether this is a quick run (GENMODELS_QUICK=1). */
export { isQuick } from './mode';
/** The value for the current run mode: byMode({ quick, full }). */
export { byMode } from './mode';
/** 'quick' | 'full'. */
export type { RunMode } from './mode';
/** Mix a seed with labels into a new seed: every random call gets its own. */
export { deriveSeed } from './seed';
/** A seeded uniform generator on [0, 1). */
export { rng } from './seed';
/** A seeded permutation of 0..n−1. */
export { permutation } from './seed';

// --- data: datasets, views, batches ---
/** The names of the registered datasets ('mnist', 'fashion-mnist', …). */
export { DATASET_NAMES } from './data';
/** The registry entry of a dataset: its files, shapes, sources and checksums. */
export { getDataset } from './data';
/** A dataset name, a split ('train' | 'test'), and a registry entry. */
export type { DatasetName, Split, DatasetEntry } from './data';
/** Load a dataset split as uint8 images and labels, verified (downloads into the cache if needed). */
export { loadDataset } from './data';
/** A loaded image set, and loadDataset's options. */
export type { ImageSet, LoadOptions } from './data';
/** A seeded train/validation split of an image set. */
export { splitValidation } from './data';
/** The first n examples of an image set, without copying. */
export { subset } from './data';
/** A seeded shuffling iterator of batches { x, c } of an image set. */
export { batches } from './data';
/** One batch, and the batch iterator's options. */
export type { Batch, BatchOptions } from './data';
/** A whole image set as one tensor [N, H·W] in [0, 1]. */
export { toTensor } from './data';
/** How pixels become 0/1: 'none' | 'dynamic' | 'threshold' | 'stochastic'. */
export type { Binarization } from './data';

// --- 01 autoencoder ---
/** The (dense or convolutional) autoencoder x → z → x̂. */
export { Autoencoder } from './models/autoencoder';
/** The autoencoder's config, every field with its default. */
export type { AutoencoderConfig } from './models/autoencoder';
/** Squared error summed over pixels, averaged over the batch. */
export { mse } from './losses';
/** Binary cross-entropy on logits, summed over pixels, averaged over the batch. */
export { bceWithLogits } from './losses';
/** Batch-mean loss terms { reconstruction, kl, total } as scalar tensors. */
export type { LossTensors } from './losses';
/** The top-k principal subspace of data rows (orthonormal rows). */
export { principalSubspace } from './analysis/subspace';
/** principalSubspace's options. */
export type { PrincipalSubspaceOptions } from './analysis/subspace';
/** Principal angles between two subspaces. */
export { principalAngles } from './analysis/subspace';
/** Train a softmax classifier on features (a linear probe of the codes z). */
export { fitSoftmaxClassifier } from './models/softmaxClassifier';
/** fitSoftmaxClassifier's options. */
export type { SoftmaxClassifierOptions } from './models/softmaxClassifier';

// --- 02 denoising ---
/** The denoising autoencoder: reconstructs x from a corrupted x̃. */
export { DenoisingAutoencoder } from './models/denoising';
/** The denoising autoencoder's config: the autoencoder's and its corruption. */
export type { DenoisingAutoencoderConfig } from './models/denoising';
/** A corruption described as data: gaussian, masking or salt-and-pepper. */
export type { Corruption } from './data';
/** Apply a Corruption to x, seeded. */
export { corrupt } from './data';
/** Additive Gaussian noise, clipped to [0, 1]. */
export { gaussianNoise } from './data';
/** Zero each pixel with probability `fraction`. */
export { maskingNoise } from './data';
/** Set each pixel to 0 or 1 with probability fraction/2 each. */
export { saltAndPepper } from './data';
/** Error of corrupted inputs and of a model's outputs against clean x, per corruption. */
export { evaluateDenoising } from './train/denoisingEval';
/** evaluateDenoising's options and result rows. */
export type { DenoisingOptions, DenoisingResult } from './train/denoisingEval';

// --- 03 an autoencoder cannot generate ---
/** All n × n bars-and-stripes images. */
export { barsAndStripes } from './data/barsAndStripes';
/** Whether an image is a bars-and-stripes pattern. */
export { isBarsAndStripes } from './data/barsAndStripes';
/** A restricted Boltzmann machine with exact log p(v) and CD-k training. */
export { RBM } from './models/rbm';
/** The RBM's config. */
export type { RBMConfig } from './models/rbm';
/** Every binary vector of length n, as rows [2ⁿ, n]. */
export { allBinaryStates } from './models/rbm';

// --- 04–07 VAE, ELBO, conditional VAE ---
/** A learned pushforward of N(0, I), trained by MMD. */
export { Pushforward } from './models/pushforward';
/** The pushforward's config. */
export type { PushforwardConfig } from './models/pushforward';
/** Plug-in estimate of MMD² between two samples. */
export { mmd2 } from './models/pushforward';
/** n points of N(0, I) in 2-D, seeded. */
export { standardNormal2D } from './data';
/** n points on a noisy ring in 2-D, seeded. */
export { ring2D } from './data';
/** 2-D points as { x, y } arrays. */
export type { Points2D } from './data';
/** The variational autoencoder: Gaussian encoder q(z | x), Bernoulli or Gaussian decoder. */
export { VAE } from './models/vae';
/** The VAE's config, every field with its default. */
export type { VAEConfig } from './models/vae';
/** z = μ + σ ⊙ ε, the reparameterisation trick. */
export { reparameterize } from './models/vae';
/** Where ε comes from: { seed } or { noise }. */
export type { NoiseSource } from './models/vae';
/** Closed-form KL(N(μ, σ²) ‖ N(0, I)) per example. */
export { klToStdNormal } from './losses';
/** −ELBO_β from per-example reconstruction and KL terms. */
export { negativeElbo } from './losses';
/** Stable log-mean-exp along an axis. */
export { logMeanExp } from './losses';
/** A random linear-Gaussian model x = W z + b + σ ε, seeded. */
export { linearGaussianModel } from './data';
/** The linear-Gaussian model { W, b, sigma }. */
export type { LinearGaussian } from './data';
/** n draws of (z, x) from a linear-Gaussian model. */
export { sampleLinearGaussian } from './data';
/** Exact log p(x) of the linear-Gaussian model. */
export { linearGaussianLogLikelihood } from './data';
/** log p(x, z) of the linear-Gaussian model. */
export { linearGaussianLogJoint } from './data';
/** The exact posterior p(z | x) of the linear-Gaussian model. */
export { linearGaussianPosterior } from './data';
/** Exact E_q[log p(x | z)] of the linear-Gaussian model under a Gaussian q. */
export { linearGaussianExpectedLogLikelihood } from './data/linear-gaussian-elbo';
/** KL between two Gaussians with full covariances. */
export { gaussianKL } from './data/linear-gaussian-elbo';
/** A Gaussian { mean, cov }. */
export type { Gaussian } from './data/linear-gaussian-elbo';
/** log N(x; mean, cov) for a full covariance. */
export { gaussianLogDensity } from './data';
/** A seeded sampler of N(0, 1) numbers. */
export { normalSampler } from './data';
/** Monte Carlo ELBO terms: log importance weights from log p(x|z), log p(z), log q(z|x). */
export { monteCarloElbo } from './losses';
/** The IWAE bound from log importance weights. */
export { iwaeBound } from './losses';
/** The conditional VAE: encoder and decoder both see the class c. */
export { ConditionalVAE } from './models/cvae';
/** The conditional VAE's config: the VAE's and the number of classes. */
export type { ConditionalVAEConfig } from './models/cvae';

// --- 08 autoregressive: PixelCNN ---
/** The k × k causal mask of type A or B, as numbers for drawing. */
export { causalMask } from './models/maskedConv';
/** The causal mask as a tensor [k, k, 1, 1]. */
export { maskTensor } from './models/maskedConv';
/** 'A' (excludes the centre pixel) | 'B' (includes it). */
export type { MaskType } from './models/maskedConv';
/** conv2d with a masked kernel, K ⊙ M. */
export { maskedConv2d } from './models/maskedConv';
/** A stack of masked convolutions with all-one kernels (to draw receptive fields). */
export { maskedStack } from './models/receptiveField';
/** The receptive field of one output pixel, from gradients. */
export { receptiveField } from './models/receptiveField';
/** The image shape receptiveField works on. */
export type { FieldShape } from './models/receptiveField';
/** PixelCNN: masked convolutions, exact likelihood, optional class conditioning. */
export { PixelCNN } from './models/pixelcnn';
/** PixelCNN's config. */
export type { PixelCNNConfig } from './models/pixelcnn';
/** Gated PixelCNN: vertical and horizontal stacks without a blind spot. */
export { GatedPixelCNN } from './models/gatedPixelcnn';
/** Gated PixelCNN's config. */
export type { GatedPixelCNNConfig } from './models/gatedPixelcnn';
/** Either PixelCNN, plain or gated. */
export type { AnyPixelCNN } from './models/registry';
/** Whether a model is a PixelCNN, plain or gated. */
export { isPixelCNN } from './models/registry';
/** Widen a trained PixelCNN's first field without changing its logits (the new taps start at 0). */
export { growInto } from './models/grow';
/** Sample pixel by pixel with full forward passes. */
export { sampleNaive } from './models/pixelcnnSample';
/** Sample pixel by pixel on crops: the same images as sampleNaive, faster. */
export { sampleFast } from './models/pixelcnnSample';
/** The samplers' options, and what they need of a model. */
export type { SampleOptions, PixelModel } from './models/pixelcnnSample';
/** Exact negative log-likelihood of a PixelCNN over a data set. */
export { exactLikelihood } from './train/likelihood';
/** exactLikelihood's options and result. */
export type { LikelihoodOptions, Likelihood } from './train/likelihood';
/** Bits per dimension of a negative log-likelihood in nats. */
export { bitsPerDim } from './losses';

// --- 09 comparison and analysis ---
/** An MLP classifier of images (judges class-conditional samples). */
export { Classifier } from './models/classifier';
/** The classifier's config. */
export type { ClassifierConfig } from './models/classifier';
/** Cross-entropy and accuracy of a classifier on labelled data. */
export { evaluateClassifier } from './train/evaluateClassifier';
/** evaluateClassifier's result. */
export type { ClassifierEvaluation } from './train/evaluateClassifier';
/** The confusion matrix of a classifier on a conditional generator's samples. */
export { classAccuracy } from './analysis/classAccuracy';
/** classAccuracy's result and options. */
export type { ClassAccuracy, ClassAccuracyOptions } from './analysis/classAccuracy';
/** The class-conditional sampler of a cvae or conditional PixelCNN. */
export { conditionalGenerator } from './analysis/classAccuracy';
/** Samples for given classes: labels [n] → [n, D]. */
export type { ConditionalGenerator } from './analysis/classAccuracy';
/** Every disagreement between recorded and fresh figures, within tolerances. */
export { compareFigures } from './train/figures';
/** compareFigures' options and tolerance. */
export type { CompareOptions, Tolerance } from './train/figures';

// --- plots: pure functions from arrays to charts ---
/** A Vega-Lite chart that displays itself in the notebook. */
export { Chart } from './plots/chart';
/** A Vega-Lite top-level spec, as plain JSON. */
export type { VegaLiteSpec } from './plots/svg';
/** Charts side by side or stacked, as one chart. */
export { concatCharts } from './plots/chart';
/** The method name under which rich values give the kernel their MIME bundle. */
export { REPR_MIMEBUNDLE } from './plots/mime';
/** A value that gives the kernel its MIME bundle. */
export type { RichDisplay } from './plots/mime';
/** A batch tensor as one flat Float32Array per image. */
export { tensorToImages } from './plots/tensorImages';
/** Rows of images (e.g. inputs over reconstructions). */
export { imageGrid } from './plots/imageGrid';
/** imageGrid's options. */
export type { ImageGridOptions } from './plots/imageGrid';
/** Training and validation loss curves, per term. */
export { lossCurves } from './plots/lossCurves';
/** lossCurves' options. */
export type { LossCurvesOptions } from './plots/lossCurves';
/** Codes z as a scatter coloured by label (projected to 2-D if needed). */
export { latentScatter } from './plots/latentScatter';
/** latentScatter's options. */
export type { LatentScatterOptions } from './plots/latentScatter';
/** PCA of points: the top-k axes and a projection. */
export { pca } from './plots/pca';
/** A fitted PCA. */
export type { Pca } from './plots/pca';
/** A 2-D scatter of points. */
export { scatter2d } from './plots/scatter2d';
/** scatter2d's options. */
export type { Scatter2dOptions } from './plots/scatter2d';
/** A 2-D density as a binned heatmap. */
export { density2d } from './plots/scatter2d';
/** density2d's options. */
export type { Density2dOptions } from './plots/scatter2d';
/** A matrix as a heatmap. */
export { heatmap } from './plots/heatmap';
/** heatmap's options. */
export type { HeatmapOptions } from './plots/heatmap';
/** Bars comparing values across groups. */
export { barCompare } from './plots/barCompare';
/** barCompare's options. */
export type { BarCompareOptions } from './plots/barCompare';
/** Decoded images on a grid of 2-D latents (the learned manifold). */
export { manifoldGrid } from './plots/manifoldGrid';
/** manifoldGrid's options. */
export type { ManifoldGridOptions } from './plots/manifoldGrid';
/** The grid of latents manifoldGrid expects. */
export { latentGrid } from './plots/manifoldGrid';
/** n evenly spaced values from a to b. */
export { linspace } from './plots/manifoldGrid';
/** Decoded images along a path between two latents. */
export { interpolationStrip } from './plots/interpolationStrip';
/** interpolationStrip's options. */
export type { InterpolationStripOptions } from './plots/interpolationStrip';
/** Latents evenly spaced from zA to zB. */
export { interpolate } from './plots/interpolationStrip';
/** Histograms of latent dimensions against N(0, 1). */
export { latentHistogram } from './plots/latentHistogram';
/** latentHistogram's options. */
export type { LatentHistogramOptions } from './plots/latentHistogram';
/** Square grayscale images tiled into one PNG. */
export { gridPNG } from './plots/png';
/** gridPNG's options. */
export type { GridPngOptions } from './plots/png';

// --- notebook helpers ---
/** Display a chart (or any rich value) as one notebook output. */
export { showChart } from './notebook/display';
/** Display a value as one output, with a handle to update it in place. */
export { display } from './notebook/display';
/** One notebook output that can be replaced in place. */
export type { DisplayHandle } from './notebook/display';
/** Markdown built from the run's values, so prose never goes stale. */
export { prose } from './notebook/prose';
/** A figure for prose: significant digits, thousands separated. */
export { fmt } from './notebook/prose';
/** A claim the lecture makes about this run: ✓ when it holds, an error in full runs when not. */
export { claim } from './notebook/prose';
/** claim's options. */
export type { ClaimOptions } from './notebook/prose';
/** Load a matching checkpoint (shipped or cached) in full runs, else train and save it. */
export { trainOrLoad } from './notebook/trainOrLoad';
/** trainOrLoad's options and result. */
export type { TrainOrLoadOptions, TrainOrLoadResult } from './notebook/trainOrLoad';
/** Throw InterruptedError if the kernel was interrupted (long loops call it). */
export { throwIfInterrupted } from './interrupt';

// --- training, evaluation, checkpoints ---
/** What training, checkpoints and evaluation need of a model. */
export type { TrainableModel } from './models/types';
/** A model kind: 'ae' | 'dae' | 'vae' | 'cvae' | 'pixelcnn' | 'gated-pixelcnn' | 'classifier'. */
export type { ModelKind } from './models/types';
/** Every model kind. */
export { MODEL_KINDS } from './models/types';
/** Whether a string is a model kind. */
export { isModelKind } from './models/registry';
/** A fresh model of a kind from a (partial) config. */
export { buildModel } from './models/registry';
/** The config type of each model kind. */
export type { ModelConfigs } from './models/registry';
/** Train a model with Adam: epochs, batches, KL warm-up, callbacks. */
export { fit } from './train/fit';
/** fit's options. */
export type { FitOptions } from './train/fit';
/** fit's callbacks, its history, and the metrics it records. */
export type { FitCallbacks, History, Metrics } from './train/callbacks';
/** Training data: an image set or tensors { x, c }. */
export type { TrainData } from './train/source';
/** Adam as tf.train.adam makes it, fused on wasm. */
export { adam } from './train/adam';
/** The fused Adam optimizer adam() returns on wasm. */
export { FusedAdam } from './train/adam';
/** A terminal progress bar as fit callbacks. */
export { progressBar } from './train/progress';
/** progressBar's options. */
export type { ProgressBarOptions } from './train/progress';
/** Loss terms, reconstruction error and, for VAEs, ELBO and IWAE log p(x) on a data set. */
export { evaluate } from './train/evaluate';
/** Mean loss terms over a data set. */
export { evaluateLoss } from './train/evaluate';
/** evaluate's options and result. */
export type { EvaluateOptions, Evaluation } from './train/evaluate';
/** The fixed binarization to evaluate a model trained with a given one. */
export { evaluationBinarization } from './train/fit';
/** Save a model (and optimizer state) atomically to a directory. */
export { saveCheckpoint } from './train/checkpoint';
/** saveCheckpoint's options, and what produced a checkpoint. */
export type { SaveOptions, CheckpointInfo } from './train/checkpoint';
/** Rebuild a saved model (and optimizer) from a directory. */
export { loadCheckpoint } from './train/checkpoint';
/** What loadCheckpoint returns. */
export type { LoadedCheckpoint } from './train/checkpoint';
/** A checkpoint is missing, corrupt, or does not fit its model. */
export { CheckpointError } from './train/fs-handler';
/** The file names of a checkpoint's topology and weights. */
export { MODEL_FILE, WEIGHTS_FILE } from './train/fs-handler';
/** Write a file atomically: temp file, fsync, rename. */
export { writeFileAtomic } from './train/fs-handler';
