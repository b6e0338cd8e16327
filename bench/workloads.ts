/**
 * The benchmark's workloads in TF.js, on the library's own model classes. Each returns a `step`
 * that does one unit of work and waits for its result, and how many examples (or FLOPs) one step
 * counts for. bench/peers/*.py build the same architectures in PyTorch:
 *   VAE       784-512-(20)-512-784, Bernoulli decoder, ReLU, batch 128, Adam(1e-3)
 *   PixelCNN  64 channels, 7×7 mask-A conv, 5 residual blocks (3×3 mask-B conv, 1×1 conv),
 *             1×1 → 1×1 head; training at batch 32, one sampling forward pass at batch 16, and
 *             whole samples of 16 images with the fast and naive samplers (peer: naive only)
 */
import { createHash } from 'node:crypto';
import { adam, PixelCNN, tf, VAE, type VAEConfig } from 'genmodels';

export const BENCH_VAE: Partial<VAEConfig> = { hidden: [512], latentDim: 20, decoder: 'bernoulli', seed: 0 };
export const BENCH_PIXELCNN = { channels: 64, blocks: 5, seed: 0 } as const;

export const WORKLOADS = [
  'sgemm1024',
  'sgemm2048',
  'vae-train',
  'pixelcnn-train',
  'pixelcnn-sample',
  'pixelcnn-sample-fast',
  'pixelcnn-sample-naive',
] as const;
export type Workload = (typeof WORKLOADS)[number];
/** Workloads whose one step takes minutes: timed once with no warm-up, left out of --quick unless named. */
export const SINGLE_STEP: readonly Workload[] = ['pixelcnn-sample-fast', 'pixelcnn-sample-naive'];

export interface Prepared {
  /** One unit of work, finished (values read back) when the promise resolves. */
  step: () => Promise<void>;
  /** What one step counts for, in `unit`. */
  perStep: number;
  unit: 'GFLOP/s' | 'examples/s' | 'images/s';
  /** A fingerprint of the last step's output, for workloads whose outputs other workloads must match. */
  digest?: () => string;
}

/** Binarized "images" with MNIST's density of ink: fixed, seeded. */
export const binaryImages = (shape: number[], seed: number) =>
  tf.randomUniform(shape, 0, 1, 'float32', seed).less(0.13).toFloat();

function sgemm(n: number): Prepared {
  const a = tf.randomNormal([n, n], 0, 1, 'float32', 1),
    b = tf.randomNormal([n, n], 0, 1, 'float32', 2);
  return {
    step: async () => {
      const c = tf.matMul(a, b);
      await c.data();
      c.dispose();
    },
    perStep: (2 * n ** 3) / 1e9,
    unit: 'GFLOP/s',
  };
}

/** The optimizer of the training workloads: Adam(1e-3), as fit uses it (fused on wasm). */
export const makeOptimizer = (): tf.Optimizer => adam(1e-3);

/** One Adam step of a model's loss on a fixed batch, the noise seeded afresh each step. */
function trainStep(model: VAE | PixelCNN, x: tf.Tensor2D, batch: number): Prepared {
  const opt = makeOptimizer();
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

/** 16 complete images drawn pixel by pixel, always with the same seed (so fast and naive can be compared). */
function pixelCNNSampleImages(method: 'fast' | 'naive', n = 16): Prepared {
  const model = new PixelCNN(BENCH_PIXELCNN);
  let digest = '';
  const step = async () => {
    const images = await model.sample(n, { seed: 7, method }); // [n, 784]
    digest = createHash('sha256')
      .update(await images.data())
      .digest('hex')
      .slice(0, 16);
    images.dispose();
  };
  return { step, perStep: n, unit: 'images/s', digest: () => digest };
}

export function prepare(w: Workload): Prepared {
  switch (w) {
    case 'sgemm1024':
      return sgemm(1024);
    case 'sgemm2048':
      return sgemm(2048);
    case 'vae-train':
      return vaeTrain();
    case 'pixelcnn-train':
      return pixelCNNTrain();
    case 'pixelcnn-sample':
      return pixelCNNSample();
    case 'pixelcnn-sample-fast':
      return pixelCNNSampleImages('fast');
    case 'pixelcnn-sample-naive':
      return pixelCNNSampleImages('naive');
  }
}
