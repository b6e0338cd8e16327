/**
 * One realistic chart per builder, for the browser test and its screenshots: MNIST digits for
 * the image charts, Gaussian clusters for latents, the lecture-04 ring for the toy data.
 */
import type { Chart } from '../../lib/src/plots/chart';
import { barCompare } from '../../lib/src/plots/barCompare';
import { concatCharts } from '../../lib/src/plots/chart';
import { heatmap } from '../../lib/src/plots/heatmap';
import { imageGrid } from '../../lib/src/plots/imageGrid';
import { interpolationStrip } from '../../lib/src/plots/interpolationStrip';
import { latentHistogram } from '../../lib/src/plots/latentHistogram';
import { latentScatter } from '../../lib/src/plots/latentScatter';
import { lossCurves } from '../../lib/src/plots/lossCurves';
import { latentGrid, linspace, manifoldGrid } from '../../lib/src/plots/manifoldGrid';
import { pca } from '../../lib/src/plots/pca';
import { density2d, scatter2d } from '../../lib/src/plots/scatter2d';
import { rng } from '../../lib/src/seed';
import { mnistDigits } from './charts';

export function gallery(): Record<string, Chart> {
  const r = rng(7);
  const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const labels = Array.from({ length: 1000 }, (_, i) => i % 10);
  const z = labels.map((k) => [2.2 * Math.cos(k) + 0.5 * normal(), 2.2 * Math.sin(k) + 0.5 * normal()]);
  const z8 = z.map(([a, b]) => [a, b, ...Array.from({ length: 6 }, () => 0.3 * normal())]);
  const epochs = Array.from({ length: 30 }, (_, i) => i);
  const rec = epochs.map((e) => 95 + 70 * Math.exp(-e / 4) + normal()),
    kl = epochs.map((e) => 25 - 20 * Math.exp(-e / 3));
  const digits = mnistDigits(64);
  const zs = Array.from({ length: 1500 }, () => [normal(), normal()]);
  const ring = zs.map(([a, b]) => {
    const n = Math.hypot(a, b);
    return [a / 10 + a / n, b / 10 + b / n];
  });
  const [g1, g2] = [linspace(-2, 2, 8), linspace(-2, 2, 8)];
  return {
    latentScatter: latentScatter({ z, labels, title: 'Latent means of 1000 test digits', labelTitle: 'digit' }),
    latentScatterPca: latentScatter({
      z: z8,
      labels,
      projection: pca(z8),
      title: '8-D latents, PCA projection',
      labelTitle: 'digit',
    }),
    lossCurves: lossCurves({
      train: { reconstruction: rec, kl, total: rec.map((v, i) => v + kl[i]) },
      validation: { total: rec.map((v, i) => v + kl[i] + 4 + 0.1 * i) },
      logY: true,
      title: 'VAE training: −ELBO and its terms',
    }),
    imageGrid: imageGrid({ images: digits, columns: 8, title: '64 MNIST test digits' }),
    reconstructions: imageGrid({
      rows: [
        { label: 'original', images: digits.slice(0, 8) },
        { label: 'reconstruction', images: digits.slice(0, 8).map((d) => d.map((v) => 0.15 + 0.7 * v)) },
      ],
      captions: [...digits.slice(0, 8).map((_, i) => `#${i}`), ...digits.slice(0, 8).map(() => '')],
      title: 'Original above reconstruction',
    }),
    manifoldGrid: manifoldGrid({
      z1: g1,
      z2: g2,
      images: latentGrid(g1, g2).map((_, k) => digits[k]),
      title: 'Decoder manifold',
    }),
    interpolationStrip: interpolationStrip({ images: digits.slice(0, 9), title: 'Interpolation from z_a to z_b' }),
    latentHistogram: latentHistogram({ values: z.map((p) => p[0] / 2), name: 'z₁' }),
    scatterRing: concatCharts([
      scatter2d({ points: zs, title: 'z ~ N(0, I)', axisTitles: ['z₁', 'z₂'] }),
      scatter2d({ points: ring, title: 'f(z) = z/10 + z/‖z‖' }),
    ]),
    density2d: density2d({ points: ring, bins: 40, title: 'Density of f(z)' }),
    heatmapMask: heatmap({
      values: Array.from({ length: 5 }, (_, i) =>
        Array.from({ length: 5 }, (_, j) => (i < 2 || (i === 2 && j < 2) ? 1 : 0)),
      ),
      title: 'PixelCNN mask A (5×5)',
      colorTitle: 'weight kept',
    }),
    heatmapField: heatmap({
      values: Array.from({ length: 28 }, (_, i) =>
        Array.from({ length: 28 }, (_, j) => Math.sin(i / 5) * Math.cos(j / 6)),
      ),
      diverging: true,
      title: 'Gradient of one output pixel',
      colorTitle: '∂y/∂x',
    }),
    barCompare: barCompare({
      labels: ['VAE', 'VAE', 'IWAE (k=50)', 'IWAE (k=50)', 'PixelCNN', 'PixelCNN'],
      groups: ['ours', 'published', 'ours', 'published', 'ours', 'published'],
      values: [93.4, 88.7, 89.9, 85.3, 84.1, 81.3],
      valueTitle: '−log p(x) on binarized MNIST (nats)',
      title: 'Test negative log-likelihood (lower is better)',
    }),
  };
}
