/** Medians over repetitions, the ratio to PyTorch, and the printed table. */
export interface Row {
  workload: string;
  backend: string;
  unit: string;
  /** Median throughput over repetitions. */
  median: number | null;
  /** median / PyTorch's median in its faster thread setting: 1.0 = as fast as PyTorch at its best. */
  ratio: number | null;
  peakMB: number | null;
  reps: number;
  error?: string;
}

interface Sample {
  rate?: number;
  unit?: string;
  peakMB?: number;
  error?: string;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function summarize(workload: string, samples: Record<string, Sample[]>): Row[] {
  const med = (ss: Sample[], key: 'rate' | 'peakMB') => {
    const xs = ss.filter((s) => s.error === undefined).map((s) => s[key]!);
    return xs.length ? median(xs) : null;
  };
  // PyTorch's rows (every core, and one thread when that differs): the ratio is to the faster
  const peers = Object.entries(samples)
    .filter(([b]) => b.startsWith('pytorch'))
    .map(([, ss]) => med(ss, 'rate'))
    .filter((m) => m !== null);
  const peer = peers.length ? Math.max(...peers) : null;
  return Object.entries(samples).map(([backend, ss]) => {
    const m = med(ss, 'rate');
    return {
      workload,
      backend,
      unit: ss.find((s) => s.unit)?.unit ?? '',
      median: m,
      ratio: m !== null && peer ? m / peer : null,
      peakMB: med(ss, 'peakMB'),
      reps: ss.filter((s) => s.error === undefined).length,
      error: ss.find((s) => s.error)?.error,
    };
  });
}

/** Three significant figures below 100 (whole samples run well under 1 image/s), one decimal above. */
export const formatRate = (x: number): string => (x < 100 ? x.toPrecision(3) : x.toFixed(1));

export function formatTable(rows: Row[]): string {
  const head = ['workload', 'backend', 'median', 'unit', 'x PyTorch', 'peak MB', 'reps'];
  const body = rows.map((r) => [
    r.workload,
    r.backend,
    r.median === null ? `n/a (${r.error})` : formatRate(r.median),
    r.unit,
    r.ratio === null ? '' : `${r.ratio.toFixed(2)}x`,
    r.peakMB === null ? '' : r.peakMB.toFixed(0),
    String(r.reps),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}
