/**
 * A memory limit for one notebook run: every process of the run together may hold at most
 * `limit` bytes; past it the run's largest processes are killed and the run is marked.
 *
 * Three ways, best first, chosen once per grading run by `memoryControl()`:
 *   cgroup-v2  a child cgroup with `memory.max = limit` (and `memory.swap.max = 0`);
 *   cgroup-v1  a child of the memory hierarchy with `memory.limit_in_bytes = limit`
 *              (and the same for `memory.memsw.limit_in_bytes` where swap is accounted);
 *   poll       no cgroup we may create: the resident set (VmRSS) of the run's process tree is
 *              summed every `POLL_MS`.
 * In every mode a watcher reads the run's memory every `POLL_MS` and, past `STOP_AT` of the limit,
 * kills every process of the run but the grading helper and its ancestors (see `watch`).
 * With a cgroup the kernel also enforces the limit itself, as a backstop (its OOM killer takes the
 * largest process, the notebook's kernel); the run's processes enter the cgroup before anything is
 * exec'd (the `prefix` below: a shell writes its own pid into `cgroup.procs`, then execs the
 * command), and whatever is left in the cgroup at the end is killed, detached children included.
 * In every mode the helper survives the kill, sees its kernel die, and reports the cell.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type MemoryControl = { kind: 'cgroup-v2' | 'cgroup-v1'; base: string } | { kind: 'poll' };

/** How often a run's memory is read, in ms. */
export const POLL_MS = 200;
/** The share of the limit at which the watcher stops a run. */
export const STOP_AT = 0.97;

export class MemoryLimitError extends Error {
  override name = 'MemoryLimitError';
}

const UNITS: Record<string, number> = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };

/** "4G", "512M", "1.5G", "4GB", "2048m" or plain bytes → bytes. */
export function parseMemory(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  const bytes = m ? Math.round(Number(m[1]) * UNITS[m[2].toUpperCase()]) : NaN;
  if (!(bytes >= 64 * 2 ** 20)) {
    throw new MemoryLimitError(`--memory-limit must be a size of at least 64M, such as 4G or 512M; got "${text}".`);
  }
  return bytes;
}

/** 4294967296 → "4 GB", 536870912 → "512 MB", 1610612736 → "1.5 GB". */
export function formatMemory(bytes: number): string {
  const [unit, size] = bytes >= 2 ** 30 ? ['GB', 2 ** 30] : ['MB', 2 ** 20];
  return `${Number((bytes / size).toFixed(1))} ${unit}`;
}

const lines = (file: string): string[] => (existsSync(file) ? readFileSync(file, 'utf8').split('\n') : []);

/** Mount points by file-system type, from /proc/self/mountinfo ("… - cgroup2 cgroup2 rw"). */
function mounts(): { point: string; type: string; options: string }[] {
  return lines('/proc/self/mountinfo').flatMap((line) => {
    const [pre, post] = line.split(' - ');
    if (!post) return [];
    const [type, , options = ''] = post.split(' ');
    return [{ point: pre.split(' ')[4], type, options }];
  });
}

/** Can we make (and remove) a child cgroup under `dir` that has `file`? */
function canCreate(dir: string, file: string): boolean {
  const probe = join(dir, `genmodels-probe-${process.pid}`);
  try {
    mkdirSync(probe);
    const ok = existsSync(join(probe, file));
    rmdirSync(probe);
    return ok;
  } catch {
    return false;
  }
}

/** The best way this machine offers; `force` = 'poll' skips the cgroups (tests, odd machines). */
export function memoryControl(force?: string): MemoryControl {
  if (force === 'poll') return { kind: 'poll' };
  const own = lines('/proc/self/cgroup').map((l) => l.split(':'));
  const v2 = mounts().find((m) => m.type === 'cgroup2');
  const v2path = own.find((p) => p[0] === '0')?.[2];
  if (v2 && v2path !== undefined) {
    const base = join(v2.point, v2path);
    if (canCreate(base, 'memory.max')) return { kind: 'cgroup-v2', base };
  }
  const v1 = mounts().find((m) => m.type === 'cgroup' && m.options.split(',').includes('memory'));
  const v1path = own.find((p) => p[1]?.split(',').includes('memory'))?.[2] ?? '/';
  if (v1) {
    for (const base of [join(v1.point, v1path), v1.point])
      if (canCreate(base, 'memory.limit_in_bytes')) return { kind: 'cgroup-v1', base };
  }
  return { kind: 'poll' };
}

let serial = 0;

/** The limit on one run. `prefix` goes before the command; `watch(pid)` once it is spawned; `finish()` at the end. */
export class RunMemoryLimit {
  readonly prefix: string[] = [];
  private dir: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private polledOver = false;

  constructor(
    private readonly control: MemoryControl,
    readonly limit: number,
  ) {
    if (control.kind === 'poll') return;
    const dir = join(control.base, `genmodels-grade-${process.pid}-${++serial}`);
    mkdirSync(dir);
    this.dir = dir;
    const set = (file: string, value: string) => existsSync(join(dir, file)) && writeFileSync(join(dir, file), value);
    if (control.kind === 'cgroup-v2') {
      set('memory.max', String(limit));
      set('memory.swap.max', '0');
    } else {
      set('memory.limit_in_bytes', String(limit));
      try {
        set('memory.memsw.limit_in_bytes', String(limit));
      } catch {
        // swap accounting switched off: the plain limit stands
      }
    }
    this.prefix = ['/bin/sh', '-c', 'echo $$ > "$0/cgroup.procs" && exec "$@"', dir];
  }

  /**
   * Watch the spawned run every POLL_MS. Past STOP_AT × limit (the cgroup's anonymous and shmem
   * bytes, else the tree's RSS) everything but the helper line is killed. With a cgroup this
   * comes before the kernel's own limit, which on cgroup v1 thrashes the page cache for tens of
   * seconds before its OOM killer acts (measured: 18 s for a plain node allocating 10 GB at 1.5 GB).
   */
  watch(pid: number): void {
    this.timer = setInterval(() => {
      let tree = this.dir ? null : processTree(pid);
      const used = tree ? tree.reduce((s, p) => s + p.rss, 0) : this.cgroupAnon();
      if (used < STOP_AT * this.limit) return;
      this.polledOver = true;
      tree ??= processTree(pid);
      const keep = helperLine(tree);
      for (const p of tree) if (!keep.has(p.pid)) kill(p.pid);
    }, POLL_MS);
  }

  /** Anonymous + shmem (tmpfs) bytes charged to the cgroup: what cannot be reclaimed without swap. */
  private cgroupAnon(): number {
    const stat = new Map(lines(join(this.dir!, 'memory.stat')).map((l) => l.split(' ') as [string, string]));
    const keys = this.control.kind === 'cgroup-v2' ? ['anon', 'shmem'] : ['total_rss', 'total_shmem'];
    return keys.reduce((s, k) => s + Number(stat.get(k) ?? 0), 0);
  }

  /** Was the run stopped at the limit? */
  exceeded(): boolean {
    if (this.polledOver || !this.dir) return this.polledOver;
    const events = lines(join(this.dir, this.control.kind === 'cgroup-v2' ? 'memory.events' : 'memory.oom_control'));
    return events.some((l) => /^(oom_kill|oom) [1-9]/.test(l));
  }

  /** Stop watching, kill whatever is left in the cgroup (detached children too) and remove it. */
  async finish(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    const dir = this.dir;
    if (!dir) return;
    for (let attempt = 0; attempt < 50; attempt++) {
      const pids = lines(join(dir, 'cgroup.procs')).filter(Boolean).map(Number);
      if (pids.length === 0) break;
      pids.forEach(kill);
      await new Promise((r) => setTimeout(r, 100));
    }
    try {
      rmdirSync(dir);
    } catch {
      // a process still dying holds it; the kernel frees an empty cgroup's memory either way
    }
  }

  /** For Ctrl-C: kill what is in the cgroup now, without waiting. */
  killAll(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.dir) lines(join(this.dir, 'cgroup.procs')).filter(Boolean).map(Number).forEach(kill);
  }
}

function kill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

interface Proc {
  pid: number;
  ppid: number;
  rss: number;
  argv: string[];
}

/** `root` and every process below it, from /proc: pid, parent, resident bytes, command line. */
export function processTree(root: number): Proc[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // exited while we looked
    }
  }
  const pids = [root];
  for (let i = 0; i < pids.length; i++) for (const [pid, ppid] of parent) if (ppid === pids[i]) pids.push(pid);
  return pids.flatMap((pid) => {
    try {
      const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      return [{ pid, ppid: parent.get(pid) ?? 0, rss: rssKb * 1024, argv }];
    } catch {
      return [];
    }
  });
}

/**
 * The grading helper and its ancestors in `tree`: the processes a memory kill spares. The helper
 * is the shallowest process running grade_notebook.py that is not bwrap (whose arguments name it
 * too); the student's processes all sit below it, so none can pass for it.
 */
function helperLine(tree: Proc[]): Set<number> {
  const byPid = new Map(tree.map((p) => [p.pid, p]));
  const helper = tree.find((q) => !q.argv[0].endsWith('bwrap') && q.argv.some((a) => a.endsWith('grade_notebook.py')));
  const keep = new Set<number>();
  for (let p = helper; p; p = byPid.get(p.ppid)) keep.add(p.pid);
  return keep;
}
