/**
 * Toy 2-D datasets for the lectures, as plain arrays {x, y, label?} ready for Vega-Lite.
 *
 *   standardNormal2D   z ~ N(0, I₂)
 *   ring2D             f(z) = z/10 + z/‖z‖ applied to z ~ N(0, I₂): a normal prior, pushed through
 *                      a fixed function, becomes a ring — why a VAE's N(0, I) prior is enough
 *                      (Doersch 2016, "Tutorial on VAEs", fig. 2)
 */
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
