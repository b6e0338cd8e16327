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
export { chartBundle, displayBundle, showChart, hasRichDisplay, REPR_MIMEBUNDLE, VEGALITE_MIME } from './notebook/display';
export type { MimeBundle, RichDisplay } from './notebook/display';
