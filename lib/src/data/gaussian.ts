/**
 * Seeded standard normal samples by the Box–Muller transform: for u₁, u₂ ~ U(0, 1),
 *   z₁ = √(−2 ln u₁) cos(2π u₂),  z₂ = √(−2 ln u₁) sin(2π u₂)   are independent N(0, 1).
 *
 * @example
 *   const next = normalSampler(SEED); next(); // one N(0, 1) draw
 */
import { rng } from '../seed';

export function normalSampler(seed: number): () => number {
  const u = rng(seed);
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const z = spare;
      spare = null;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(1 - u())); // 1 − u ∈ (0, 1], so the log is finite
    const theta = 2 * Math.PI * u();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
}

/** n·m standard normal draws as an n×m array. */
export function normalMatrix(n: number, m: number, seed: number): number[][] {
  const next = normalSampler(seed);
  return Array.from({ length: n }, () => Array.from({ length: m }, next));
}
