/**
 * The benchmark's workloads in TF.js, on the library's own model classes. Each returns a `step`
 * that does one unit of work and waits for its result, and how many examples (or FLOPs) one step
 * counts for. bench/peers/*.py build the same architectures in PyTorch:
 *   VAE       784-512-(20)-512-784, Bernoulli decoder, ReLU, batch 128, Adam(1e-3)
 *   PixelCNN  64 channels, 7×7 mask-A conv, 5 residual blocks (3×3 mask-B conv, 1×1 conv),
 *             1×1 → 1×1 head; training at batch 32, one sampling forward pass at batch 16
 */
import { PixelCNN, tf, VAE, type VAEConfig } from 'genmodels';

const BENCH_VAE: Partial<VAEConfig> = { hidden: [512], latentDim: 20, decoder: 'bernoulli', seed: 0 };
const BENCH_PIXELCNN = { channels: 64, blocks: 5, seed: 0 } as const;

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

/** One Adam step of a model's loss on a fixed batch, the noise seeded afresh each step. */
function trainStep(model: VAE | PixelCNN, x: tf.Tensor2D, batch: number): Prepared {
  const opt = tf.train.adam(1e-3);
  let seed = 0;
  const step = async () => {
    const loss = opt.minimize(() => model.loss({ x }, { seed: ++seed, beta: 1 }).total, true, model.params.list())!;
    await loss.data();
    loss.dispose();
  };
  return { step, perStep: batch, unit: 'examples/s' };
}

export function vaeTrain(batch = 128): Prepared {
  return trainStep(new VAE(BENCH_VAE), binaryImages([batch, 784], 3) as tf.Tensor2D, batch);
}

function pixelCNNTrain(batch = 32): Prepared {
  return trainStep(new PixelCNN(BENCH_PIXELCNN), binaryImages([batch, 784], 4) as tf.Tensor2D, batch);
}

/** One sampling forward pass (of the 784 a full sample takes) at batch 16. */
function pixelCNNSample(batch = 16): Prepared {
  const model = new PixelCNN(BENCH_PIXELCNN);
  const x = binaryImages([batch, 784], 5) as tf.Tensor2D;
  const step = async () => {
    const p = tf.tidy(() => tf.sigmoid(model.logits(x)));
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
