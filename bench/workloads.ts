/**
 * The benchmark's workloads in TF.js. Each returns a `step` that does one unit of work and waits
 * for its result, and how many examples (or FLOPs) one step counts for.
 */
import { tf } from 'genmodels';
import { pixelCNN, pixelCNNLogits, pixelCNNLoss, vaeLoss, vaeWeights } from './standins';

export const WORKLOADS = ['sgemm1024', 'sgemm2048', 'vae-train', 'pixelcnn-train', 'pixelcnn-sample'] as const;
export type Workload = (typeof WORKLOADS)[number];

export interface Prepared {
  /** One unit of work, finished (values read back) when the promise resolves. */
  step: () => Promise<void>;
  /** What one step counts for, in `unit`. */
  perStep: number;
  unit: 'GFLOP/s' | 'examples/s';
}

/** Binarized "images" with MNIST's density of ink: fixed, seeded. */
const binaryImages = (shape: number[], seed: number) => tf.randomUniform(shape, 0, 1, 'float32', seed).less(0.13).toFloat();

function sgemm(n: number): Prepared {
  const a = tf.randomNormal([n, n], 0, 1, 'float32', 1), b = tf.randomNormal([n, n], 0, 1, 'float32', 2);
  return {
    step: async () => { const c = tf.matMul(a, b); await c.data(); c.dispose(); },
    perStep: (2 * n ** 3) / 1e9, unit: 'GFLOP/s',
  };
}

/** One Adam step of the VAE at batch 128; `lossOut` receives the loss every step (for logging). */
export function vaeTrain(batch = 128): Prepared & { weights: Record<string, tf.Variable> } {
  const weights = vaeWeights();
  const x = binaryImages([batch, 784], 3) as tf.Tensor2D;
  const opt = tf.train.adam(1e-3);
  let seed = 0;
  const step = async () => {
    const loss = opt.minimize(() => vaeLoss(weights, x, tf.randomNormal([batch, 20], 0, 1, 'float32', ++seed)), true)!;
    await loss.data();
    loss.dispose();
  };
  return { step, perStep: batch, unit: 'examples/s', weights };
}

function pixelCNNTrain(batch = 32): Prepared {
  const model = pixelCNN();
  const x = binaryImages([batch, 28, 28, 1], 4) as tf.Tensor4D;
  const opt = tf.train.adam(1e-3);
  const step = async () => {
    const loss = opt.minimize(() => pixelCNNLoss(model, x), true)!;
    await loss.data();
    loss.dispose();
  };
  return { step, perStep: batch, unit: 'examples/s' };
}

/** One sampling forward pass (of the 784 a full sample takes) at batch 16. */
function pixelCNNSample(batch = 16): Prepared {
  const model = pixelCNN();
  const x = binaryImages([batch, 28, 28, 1], 5) as tf.Tensor4D;
  const step = async () => {
    const p = tf.tidy(() => tf.sigmoid(pixelCNNLogits(model, x)));
    await p.data();
    p.dispose();
  };
  return { step, perStep: batch, unit: 'examples/s' };
}

export function prepare(w: Workload): Prepared {
  switch (w) {
    case 'sgemm1024': return sgemm(1024);
    case 'sgemm2048': return sgemm(2048);
    case 'vae-train': return vaeTrain();
    case 'pixelcnn-train': return pixelCNNTrain();
    case 'pixelcnn-sample': return pixelCNNSample();
  }
}
