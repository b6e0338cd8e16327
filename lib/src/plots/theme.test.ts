import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frame, PALETTE, round, THEME_CONFIG } from './theme';

/**
 * Colour-vision deficiency simulation: Machado, Oliveira & Fernandes (2009), severity 1.0
 * matrices, applied in linear sRGB; colours compared in CIELAB (D65) by ΔE*ab.
 */
const CVD: Record<string, number[][]> = {
  normal: [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};

function labSeenAs(hex: string, m: number[][]): number[] {
  const lin = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const rgb = [1, 3, 5].map((i) => lin(parseInt(hex.slice(i, i + 2), 16) / 255));
  const [r, g, b] = m.map((row) =>
    Math.min(
      1,
      Math.max(
        0,
        row.reduce((t, v, j) => t + v * rgb[j], 0),
      ),
    ),
  );
  const xyz = [
    (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
    0.2126 * r + 0.7152 * g + 0.0722 * b,
    (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
  ];
  const [fx, fy, fz] = xyz.map((t) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116));
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

test('the 10-colour palette stays distinguishable under protanopia, deuteranopia and tritanopia', () => {
  assert.equal(new Set(PALETTE).size, 10);
  for (const [vision, m] of Object.entries(CVD)) {
    const lab = PALETTE.map((c) => labSeenAs(c, m));
    for (let i = 0; i < lab.length; i++) {
      for (let j = i + 1; j < lab.length; j++) {
        const dE = Math.hypot(...lab[i].map((v, k) => v - lab[j][k]));
        assert.ok(dE >= 15, `${vision}: ${PALETTE[i]} vs ${PALETTE[j]} ΔE = ${dE.toFixed(1)}`);
      }
    }
  }
  const white = labSeenAs('#FFFFFF', CVD.normal)[0];
  PALETTE.forEach((c) => assert.ok(white - labSeenAs(c, CVD.normal)[0] > 5, `${c} is visible on white`));
});

test('frame carries the theme and round keeps significant digits', () => {
  const f = frame({ title: 'T', subtitle: 'S', width: 10 });
  assert.deepEqual(f.title, { text: 'T', subtitle: 'S' });
  assert.equal(f.config, THEME_CONFIG);
  assert.equal(f.height, undefined);
  assert.equal(round(123.456789), 123.5);
  assert.equal(round(-0.000123456, 3), -0.000123);
  assert.equal(round(0), 0);
});
