/**
 * `npm run bench`: throughput of each workload on every available backend, beside the PyTorch
 * peer, measured interleaved (ours, peer, ours, peer, …) so machine noise hits both alike; the
 * table gives medians over repetitions and the ratio to PyTorch (higher is better), then
 * tf.memory() traces over many VAE and PixelCNN training steps to show nothing grows.
 *
 *   npm run bench                        # full: 3 repetitions, 3 s each, memory traces over 1000 VAE and 50 PixelCNN steps
 *   npm run bench -- --quick             # wasm only, 1 repetition, 1 s, 200 and 10 steps, no whole-sample workloads
 *   npm run bench -- --json out.json     # also write the table as JSON
 *   npm run bench -- --backends wasm,wasm-stock,cpu --workloads vae-train --reps 5 --seconds 3
 *
 * Each measurement runs in a fresh process (bench/run-one.ts, bench/peers/*.py) so peak memory
 * (max RSS) is its own. Threads: every core on both sides, or GENMODELS_THREADS for both; with
 * several cores PyTorch also runs on one thread (row pytorch-1-thread), and the ratio is to its
 * faster setting.
 * pixelcnn-sample-fast/-naive (16 whole images, a minute or two naively) are one step with no
 * warm-up; both are compared with PyTorch's naive sampler, run once per repetition for the two,
 * and the bench says whether our fast and naive samplers drew identical images from one seed.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { findPython, peerCommand } from './peer';
import { formatRate, formatTable, type Row, summarize } from './report';
import { SINGLE_STEP, WORKLOADS, type Workload } from './workloads';

const root = join(__dirname, '..');
/** genmodels' backends, and tfjs-backend-wasm as shipped (for the before/after comparison). */
const BACKENDS = ['wasm', 'wasm-stock', 'cpu', 'node'];

const { values: opts } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'string' },
    reps: { type: 'string' },
    seconds: { type: 'string' },
    backends: { type: 'string' },
    workloads: { type: 'string' },
    'memory-steps': { type: 'string' },
  },
});
const reps = Number(opts.reps ?? (opts.quick ? 1 : 3));
const seconds = Number(opts.seconds ?? (opts.quick ? 1 : 3));
const memorySteps = Number(opts['memory-steps'] ?? (opts.quick ? 200 : 1000));

/** [seconds, warm-up steps]: the cpu backend is 25–200× slower, so it gets a single timed step, as do whole samples. */
const budget = (backend: string, w: Workload): [number, number] =>
  backend === 'cpu' || SINGLE_STEP.includes(w) ? [0, 0] : [seconds, 1];
/** Measurements left out because one step takes too long to be worth waiting for. */
const SKIP: Record<string, { workloads: string[]; why: string }> = {
  cpu: { workloads: ['pixelcnn-train', ...SINGLE_STEP], why: 'skipped: one step takes over 5 minutes' },
};

interface Sample {
  rate?: number;
  unit?: string;
  peakMB?: number;
  digest?: string;
  error?: string;
}

function runJSON(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Sample {
  const r = spawnSync(cmd, args, {
    cwd: root,
    encoding: 'utf8',
    timeout: 15 * 60_000,
    env: { ...process.env, ...env },
  });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as Sample;
  } catch {
    return { error: `exit ${r.status ?? r.signal}: ${(r.stderr || r.stdout).trim().split('\n').pop()}` };
  }
}

function runPeer(
  python: string,
  args: string[],
  rep: number,
  runs: Map<string, Sample>,
  env: NodeJS.ProcessEnv = {},
): Sample {
  const key = `${rep} ${JSON.stringify(env)} ${args.join(' ')}`;
  if (!runs.has(key)) runs.set(key, runJSON(python, args, env));
  return runs.get(key)!;
}

/** The whole-sample workloads take minutes per peer run: those compare with the bench's threads only. */
const peersOf = (w: Workload): string[] =>
  Object.keys(PEERS).filter((p) => p === 'pytorch' || !SINGLE_STEP.includes(w));

/** The peer's rows: PyTorch on the bench's threads and, when that is several, on one thread too:
 * on a small VM PyTorch's per-op threading can make it several times slower with every core
 * (measured here: 3.9k vs 16.9k VAE examples/s), and the ratio is taken to its faster setting. */
const PEERS: Record<string, NodeJS.ProcessEnv> = {
  pytorch: {},
  ...(!process.env.GENMODELS_THREADS && availableParallelism() > 1
    ? { 'pytorch-1-thread': { GENMODELS_THREADS: '1' } }
    : {}),
};

/** Interleaved repetitions of one workload on every backend and the peer, summarized. */
function measureWorkload(
  w: Workload,
  who: string[],
  python: string | null,
  peerRuns: Map<string, Sample>,
  digests: Record<string, string | undefined>,
): Row[] {
  const samples: Record<string, Sample[]> = {};
  for (let rep = 0; rep < reps; rep++) {
    for (const b of who) {
      const skip = SKIP[b]?.workloads.includes(w) ? SKIP[b].why : undefined;
      const s = skip
        ? { error: skip }
        : b in PEERS
          ? runPeer(python!, peerCommand(w, SINGLE_STEP.includes(w) ? 0 : seconds), rep, peerRuns, PEERS[b])
          : runJSON(process.execPath, ['--import', 'tsx', 'bench/run-one.ts', w, b, ...budget(b, w).map(String)]);
      (samples[b] ??= []).push(s);
      digests[`${w} ${b}`] ??= s.digest;
      process.stderr.write(`  ${w} ${b} rep ${rep + 1}: ${s.error ?? `${formatRate(s.rate!)} ${s.unit}`}\n`);
    }
  }
  return summarize(w, samples);
}

/** What the peer rows of the samplers are, and whether our fast and naive samplers drew the same images from one seed. */
function reportSamplers(backends: string[], python: string | null, digests: Record<string, string | undefined>): void {
  if (python) console.log(`pytorch on ${SINGLE_STEP.join(' and ')}: its naive sampler, one run shown on both rows`);
  for (const b of backends) {
    const [fast, naive] = SINGLE_STEP.map((w) => digests[`${w} ${b}`]);
    if (fast && naive)
      console.log(`${b}: fast and naive samplers drew identical images: ${fast === naive ? 'yes' : 'NO'}`);
  }
}

function main(): void {
  // The cpu backend takes minutes per sgemm-2048 step: quick runs leave it out unless asked.
  const backends = (opts.backends ?? (opts.quick ? 'wasm' : 'wasm,cpu')).split(',').filter(Boolean);
  const all = opts.quick ? WORKLOADS.filter((w) => !SINGLE_STEP.includes(w)) : WORKLOADS;
  const workloads = (opts.workloads?.split(',') ?? all).filter(Boolean) as Workload[];
  const unknown = [
    ...workloads.filter((w) => !WORKLOADS.includes(w)),
    ...backends.filter((b) => !BACKENDS.includes(b)),
  ];
  if (unknown.length) {
    console.error(
      `bench: unknown ${unknown.map((u) => `"${u}"`).join(', ')}. Workloads: ${WORKLOADS.join(', ')}. Backends: ${BACKENDS.join(', ')}.`,
    );
    process.exit(2);
  }
  const python = findPython();
  console.log(
    `bench: ${reps} rep(s), ${seconds} s per measurement; peer: ${python ? `PyTorch via ${python}` : 'none (no python3 with torch)'}`,
  );
  const rows: Row[] = [];
  const peerRuns = new Map<string, Sample>(); // one run per peer command and repetition
  const digests: Record<string, string | undefined> = {};
  for (const w of workloads)
    rows.push(...measureWorkload(w, [...backends, ...(python ? peersOf(w) : [])], python, peerRuns, digests));
  console.log(formatTable(rows));
  if (workloads.some((w) => SINGLE_STEP.includes(w))) reportSamplers(backends, python, digests);
  if (opts.json) writeFileSync(opts.json, JSON.stringify({ reps, seconds, rows }, null, 2));
  if (memorySteps > 0 && backends.includes('wasm')) {
    for (const [w, n] of [
      ['vae-train', memorySteps],
      ['pixelcnn-train', Math.ceil(memorySteps / 20)],
    ] as const) {
      console.log(`\ntf.memory() over ${n} ${w} steps on wasm:`);
      spawnSync(process.execPath, ['--import', 'tsx', 'bench/memory.ts', w, String(n)], {
        cwd: root,
        stdio: 'inherit',
      });
    }
  }
}

main();
