/**
 * Build a model from its kind and config: how checkpoints and the CLI turn a name back into an
 * architecture.
 */
import { Autoencoder, type AutoencoderConfig } from './autoencoder';
import { Classifier, type ClassifierConfig } from './classifier';
import { ConditionalVAE, type ConditionalVAEConfig } from './cvae';
import { DenoisingAutoencoder, type DenoisingAutoencoderConfig } from './denoising';
import { GatedPixelCNN, type GatedPixelCNNConfig } from './gatedPixelcnn';
import { PixelCNN, type PixelCNNConfig } from './pixelcnn';
import { MODEL_KINDS, type ModelKind, type TrainableModel } from './types';
import { VAE, type VAEConfig } from './vae';

export interface ModelConfigs {
  ae: AutoencoderConfig;
  dae: DenoisingAutoencoderConfig;
  vae: VAEConfig;
  cvae: ConditionalVAEConfig;
  pixelcnn: PixelCNNConfig;
  'gated-pixelcnn': GatedPixelCNNConfig;
  classifier: ClassifierConfig;
}

export function isModelKind(kind: string): kind is ModelKind {
  return (MODEL_KINDS as readonly string[]).includes(kind);
}

/** A fresh model of `kind`; unspecified config fields take the model's documented defaults. */
export function buildModel<K extends ModelKind>(kind: K, config: Partial<ModelConfigs[K]> = {}): TrainableModel {
  switch (kind) {
    case 'ae':
      return new Autoencoder(config as Partial<AutoencoderConfig>);
    case 'dae':
      return new DenoisingAutoencoder(config as Partial<DenoisingAutoencoderConfig>);
    case 'vae':
      return new VAE(config as Partial<VAEConfig>);
    case 'cvae':
      return new ConditionalVAE(config as Partial<ConditionalVAEConfig>);
    case 'pixelcnn':
      return new PixelCNN(config as Partial<PixelCNNConfig>);
    case 'gated-pixelcnn':
      return new GatedPixelCNN(config as Partial<GatedPixelCNNConfig>);
    case 'classifier':
      return new Classifier(config as Partial<ClassifierConfig>);
    default:
      throw new RangeError(`Unknown model kind "${kind}". Known: ${MODEL_KINDS.join(', ')}.`);
  }
}

/** Either PixelCNN: exact likelihood (nll), pixel-by-pixel sampling, classes through numClasses. */
export type AnyPixelCNN = PixelCNN | GatedPixelCNN;

/** Whether `model` is a PixelCNN, plain or gated. */
export function isPixelCNN(model: TrainableModel): model is AnyPixelCNN {
  return model instanceof PixelCNN || model instanceof GatedPixelCNN;
}
