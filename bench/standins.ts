/**
 * STAND-INS, to be replaced by the library's model classes (lib/src/models/) as the models issues
 * land. They have the benchmark's architectures exactly, and bench/peers/*.py build the same ones
 * in PyTorch, so the speed ratio is like for like.
 *
 * MLP VAE 784-512-(20)-512-784, Bernoulli decoder, loss = BCE(x, decoder logits) + KL(q(z|x) ‖ N(0, I)):
 *   h = relu(x W₁ + b₁); zMean = h W_μ + b_μ; zLogVar = h W_σ + b_σ
 *   z = zMean + exp(½ zLogVar) ⊙ ε  (reparameterize);  logits = relu(z W₂ + b₂) W₃ + b₃
 *   KL = −½ Σ (1 + zLogVar − zMean² − exp(zLogVar))
 * PixelCNN-lite: 7×7 mask-A conv (1→64), 5 residual blocks h ← h + conv₃ₓ₃ᴮ(relu(h)), relu,
 * 1×1 head (64→1) giving Bernoulli logits per pixel; loss = BCE per image.
 */
import { tf } from 'genmodels';

type Weights = Record<string, tf.Variable>;

function glorot(shape: number[], fanIn: number, fanOut: number, seed: number): tf.Variable {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return tf.variable(tf.randomUniform(shape, -limit, limit, 'float32', seed));
}

function dense(w: Weights, name: string, nIn: number, nOut: number, seed: number): void {
  w[`${name}W`] = glorot([nIn, nOut], nIn, nOut, seed);
  w[`${name}b`] = tf.variable(tf.zeros([nOut]));
}

export function vaeWeights(seed = 0): Weights {
  const w: Weights = {};
  dense(w, 'enc', 784, 512, seed + 1);
  dense(w, 'mu', 512, 20, seed + 2);
  dense(w, 'logVar', 512, 20, seed + 3);
  dense(w, 'dec', 20, 512, seed + 4);
  dense(w, 'out', 512, 784, seed + 5);
  return w;
}

const affine = (x: tf.Tensor, w: Weights, name: string, activation?: 'relu'): tf.Tensor2D =>
  tf.fused.matMul({ a: x as tf.Tensor2D, b: w[`${name}W`] as tf.Tensor2D, bias: w[`${name}b`], activation }) as tf.Tensor2D;

/** Negative ELBO per example, averaged over the batch: x [B, 784] in [0, 1], eps [B, 20]. */
export function vaeLoss(w: Weights, x: tf.Tensor2D, eps: tf.Tensor2D): tf.Scalar {
  const h = affine(x, w, 'enc', 'relu'); // [B, 512]
  const zMean = affine(h, w, 'mu'); // [B, 20]
  const zLogVar = affine(h, w, 'logVar'); // [B, 20]
  const z = zMean.add(zLogVar.mul(0.5).exp().mul(eps)); // [B, 20]
  const logits = affine(affine(z, w, 'dec', 'relu'), w, 'out'); // [B, 784]
  const bce = tf.losses.sigmoidCrossEntropy(x, logits, undefined, 0, tf.Reduction.SUM);
  const kl = tf.sum(zLogVar.add(1).sub(zMean.square()).sub(zLogVar.exp())).mul(-0.5);
  return bce.add(kl).div(x.shape[0]) as tf.Scalar;
}

/** Causal masks for a k×k conv: A hides the centre pixel too, B lets it through. [k, k, cin, cout] */
export function causalMask(k: number, cin: number, cout: number, type: 'A' | 'B'): tf.Tensor4D {
  const m = new Float32Array(k * k);
  const c = (k - 1) / 2;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
    m[i * k + j] = i < c || (i === c && (j < c || (type === 'B' && j === c))) ? 1 : 0;
  }
  return tf.tensor4d(m, [k, k, 1, 1]).tile([1, 1, cin, cout]) as tf.Tensor4D;
}

export interface PixelCNN { w: Weights; masks: tf.Tensor4D[] }

export function pixelCNN(channels = 64, blocks = 5, seed = 0): PixelCNN {
  const w: Weights = {};
  const conv = (name: string, k: number, cin: number, cout: number, s: number) => {
    w[`${name}W`] = glorot([k, k, cin, cout], k * k * cin, k * k * cout, s);
    w[`${name}b`] = tf.variable(tf.zeros([cout]));
  };
  conv('in', 7, 1, channels, seed + 1);
  for (let i = 0; i < blocks; i++) conv(`res${i}`, 3, channels, channels, seed + 2 + i);
  conv('head', 1, channels, 1, seed + 100);
  const masks = [causalMask(7, 1, channels, 'A'), causalMask(3, channels, channels, 'B')];
  return { w, masks };
}

/** Bernoulli logits per pixel: x [B, 28, 28, 1] → [B, 28, 28, 1]. */
export function pixelCNNLogits({ w, masks: [maskA, maskB] }: PixelCNN, x: tf.Tensor4D, blocks = 5): tf.Tensor4D {
  const maskedConv = (h: tf.Tensor4D, name: string, mask: tf.Tensor4D | null, activation?: 'relu') =>
    tf.fused.conv2d({
      x: h, filter: (mask ? w[`${name}W`].mul(mask) : w[`${name}W`]) as tf.Tensor4D,
      strides: 1, pad: 'same', bias: w[`${name}b`], activation,
    });
  let h = maskedConv(x, 'in', maskA); // [B, 28, 28, 64]
  for (let i = 0; i < blocks; i++) h = h.add(maskedConv(tf.relu(h), `res${i}`, maskB)); // [B, 28, 28, 64]
  return maskedConv(tf.relu(h), 'head', null); // [B, 28, 28, 1]
}

/** Negative log-likelihood in nats per image. */
export function pixelCNNLoss(model: PixelCNN, x: tf.Tensor4D): tf.Scalar {
  const logits = pixelCNNLogits(model, x);
  return tf.losses.sigmoidCrossEntropy(x, logits, undefined, 0, tf.Reduction.SUM).div(x.shape[0]) as tf.Scalar;
}
