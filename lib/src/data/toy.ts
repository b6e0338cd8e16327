/**
 * Toy 2-D datasets for the lectures, as plain arrays {x, y, label?} ready for Vega-Lite.
 *
 *   standardNormal2D   z ~ N(0, I₂)
 *   ring2D             f(z) = z/10 + z/‖z‖ applied to z ~ N(0, I₂): a normal prior, pushed through
 *                      a fixed function, becomes a ring — why a VAE's N(0, I) prior is enough
 *                      (Doersch 2016, "Tutorial on VAEs", fig. 2)
 *   twoMoons           two interleaved half circles plus N(0, noise²) jitter, labels 0/1
 *   gaussianMixture2D  K components N(μ_k, s² I), μ_k = r (cos 2πk/K, sin 2πk/K), equal weights
 */
import { deriveSeed, rng } from '../seed';
import { normalSampler } from './gaussian';

export interface Points2D {
  x: number[];
  y: number[];
  label?: number[];
}

export function standardNormal2D(n: number, seed: number): Points2D {
  const next = normalSampler(seed);
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    x.push(next());
    y.push(next());
  }
  return { x, y };
}

/** f(z) = z/10 + z/‖z‖. */
export function ringMap(z1: number, z2: number): [number, number] {
  const norm = Math.hypot(z1, z2) || 1; // f(0) = 0
  return [z1 / 10 + z1 / norm, z2 / 10 + z2 / norm];
}

export function ring2D(n: number, seed: number): Points2D {
  const z = standardNormal2D(n, seed);
  const points = z.x.map((z1, i) => ringMap(z1, z.y[i]));
  return { x: points.map((p) => p[0]), y: points.map((p) => p[1]) };
}

/** Two moons: label 0 on (cos t, sin t), label 1 on (1 − cos t, ½ − sin t), t ~ U(0, π). Default noise: 0.1. */
export function twoMoons(n: number, options: { seed: number; noise?: number }): Points2D {
  const { seed, noise = 0.1 } = options;
  const u = rng(deriveSeed(seed, 'angle'));
  const eps = normalSampler(deriveSeed(seed, 'noise'));
  const out: Required<Points2D> = { x: [], y: [], label: [] };
  for (let i = 0; i < n; i++) {
    const label = i < n / 2 ? 0 : 1;
    const t = Math.PI * u();
    out.x.push((label === 0 ? Math.cos(t) : 1 - Math.cos(t)) + noise * eps());
    out.y.push((label === 0 ? Math.sin(t) : 0.5 - Math.sin(t)) + noise * eps());
    out.label.push(label);
  }
  return out;
}

/** Gaussian mixture on a circle. Defaults: 8 components, radius 2, std 0.2. */
export function gaussianMixture2D(n: number, options: { seed: number; components?: number; radius?: number; std?: number }): Points2D {
  const { seed, components = 8, radius = 2, std = 0.2 } = options;
  const pick = rng(deriveSeed(seed, 'component'));
  const eps = normalSampler(deriveSeed(seed, 'noise'));
  const out: Required<Points2D> = { x: [], y: [], label: [] };
  for (let i = 0; i < n; i++) {
    const k = Math.floor(pick() * components);
    const angle = (2 * Math.PI * k) / components;
    out.x.push(radius * Math.cos(angle) + std * eps());
    out.y.push(radius * Math.sin(angle) + std * eps());
    out.label.push(k);
  }
  return out;
}
