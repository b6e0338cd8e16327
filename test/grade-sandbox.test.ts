/**
 * The grader's sandbox and limits (tools/grading/sandbox.ts, memory.ts), through `npm run grade`:
 * - what a run sees: only the course view, read-only, no capabilities, no network, and
 *   `genmodels` resolving inside it (checked with a bare node in the same sandbox, no kernel);
 * - the memory limit kills a run's processes past it, by cgroup where this machine allows one
 *   and by polling RSS otherwise (both checked on a plain allocating process);
 * - no bwrap: grading refuses and names the package; --no-sandbox warns once;
 * - ONE grading run of two hostile 03-vae-loss submissions (test/helpers/hostile-sandbox.ts):
 *   the solution file cannot be read, nothing is written outside the scratch folder, a detached
 *   child dies with the notebook, the network is unreachable, forged results are ignored, and
 *   10 GB stops at the memory limit with its status and sentence.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRecords, type GradeRecord } from '../tools/grading/gradebook';
import { formatMemory, memoryControl, parseMemory, RunMemoryLimit, type MemoryControl } from '../tools/grading/memory';
import { COURSE, findBwrap, makeScratch, sandboxPrefix } from '../tools/grading/sandbox';
import { ROOT, runTool } from './helpers';
import { writeSubmission } from './helpers/submissions';
import { A, checkoutSnapshot, hog, hostile, processesWith } from './helpers/hostile-sandbox';

const temps: string[] = [];
const temp = (prefix: string): string => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
};
after(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

test('a run sees only the course view, read-only, without capabilities or network; genmodels resolves in it', () => {
  const bwrap = findBwrap();
  assert.ok(bwrap, 'bwrap is installed (.ci/run installs bubblewrap)');
  const scratch = makeScratch(true);
  temps.push(scratch.dir);
  const script = `
    const fs = require('node:fs');
    const attempt = (f) => { try { f(); return 'ok'; } catch (e) { return e.code; } };
    console.log(JSON.stringify({
      course: fs.readdirSync('/course').sort(),
      lib: fs.readdirSync('/course/lib').sort(),
      root: fs.readdirSync('/').sort(),
      genmodels: require.resolve('genmodels'),
      engine: require.resolve('@genmodels/tfjs-wasm-fast'),
      packages: fs.readdirSync('/course/packages/tfjs-wasm-fast').sort(),
      host: fs.existsSync(${JSON.stringify(ROOT)}),
      writeDist: attempt(() => fs.writeFileSync('/course/lib/dist/x.js', '')),
      writeModules: attempt(() => fs.writeFileSync('/course/node_modules/x', '')),
      writeScratch: attempt(() => fs.writeFileSync('/course/work/x', '')),
      capEff: /CapEff:\\s+(\\w+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1],
      interfaces: Object.keys(require('node:os').networkInterfaces()),
      home: process.env.HOME, pid: process.pid,
    }));`;
  const [cmd, ...args] = sandboxPrefix(bwrap, '/usr/bin/python3', scratch, 2 ** 30);
  const r = spawnSync(cmd, [...args, '--', process.execPath, '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const seen = JSON.parse(r.stdout);
  assert.deepEqual(
    seen.course,
    ['.cache', '.jupyter', 'checkpoints', 'datasets', 'kernel', 'lib', 'node_modules', 'packages', 'work'].filter(
      (d) => d !== '.cache' || existsSync(join(ROOT, '.cache/datasets')),
    ),
  );
  assert.deepEqual(seen.lib, ['dist', 'package.json'], 'lib/src and everything else of lib/ stays outside');
  assert.ok(
    !seen.root.includes('work') && !seen.root.includes('root') && !seen.root.includes('home'),
    `host folders in the sandbox: ${seen.root}`,
  );
  assert.equal(
    seen.genmodels,
    `${COURSE}/lib/dist/index.js`,
    'node_modules/genmodels → ../lib resolves inside the sandbox',
  );
  assert.equal(seen.engine, `${COURSE}/packages/tfjs-wasm-fast/dist/index.js`, 'so does the speed engine');
  assert.deepEqual(seen.packages, ['dist', 'package.json'], "the engine's sources stay outside");
  assert.equal(seen.host, false, 'the checkout is not visible at its host path');
  assert.equal(seen.writeDist, 'EROFS');
  assert.equal(seen.writeModules, 'EROFS');
  assert.equal(seen.writeScratch, 'ok');
  assert.ok(existsSync(join(scratch.work, 'x')), 'the scratch folder is the host folder made for this run');
  assert.equal(seen.capEff, '0000000000000000');
  assert.deepEqual(seen.interfaces, ['lo'], 'no network but loopback');
  assert.equal(seen.home, `${COURSE}/work`);
  assert.ok(seen.pid < 10, 'a PID namespace of its own');
});

test('memory sizes parse and print the way the flag and the feedback use them', () => {
  assert.equal(parseMemory('4G'), 4 * 2 ** 30);
  assert.equal(parseMemory('512M'), 512 * 2 ** 20);
  assert.equal(parseMemory('1.5GB'), 1.5 * 2 ** 30);
  assert.equal(formatMemory(4 * 2 ** 30), '4 GB');
  assert.equal(formatMemory(1536 * 2 ** 20), '1.5 GB');
  assert.equal(formatMemory(512 * 2 ** 20), '512 MB');
  assert.throws(
    () => parseMemory('lots'),
    /--memory-limit must be a size of at least 64M, such as 4G or 512M; got "lots"/,
  );
  assert.throws(() => parseMemory('1M'), /at least 64M/);
});

/** Run `node -e` allocating `mb` MB (touched) in 16 MB steps under a limit of `limitMb`; how it ended. */
async function allocate(
  control: MemoryControl,
  mb: number,
  limitMb: number,
): Promise<{ signal: string | null; code: number | null; exceeded: boolean; ms: number }> {
  const limit = new RunMemoryLimit(control, limitMb * 2 ** 20);
  const script = `const b = []; for (let i = 0; i < ${mb / 16}; i++) { b.push(Buffer.alloc(16 * 2 ** 20, 1)); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20); }`;
  const argv = [...limit.prefix, process.execPath, '-e', script];
  const t0 = Date.now();
  const child = spawn(argv[0], argv.slice(1), { stdio: 'ignore' });
  limit.watch(child.pid!);
  const [code, signal] = await new Promise<[number | null, string | null]>((r) =>
    child.on('close', (c, s) => r([c, s])),
  );
  const exceeded = limit.exceeded();
  await limit.finish();
  return { signal, code, exceeded, ms: Date.now() - t0 };
}

for (const control of [memoryControl(), { kind: 'poll' } as const].filter(
  (c, i, all) => i === 0 || c.kind !== all[0].kind,
)) {
  test(`the memory limit (${control.kind}) stops a process tree past it and spares one below it`, async () => {
    const over = await allocate(control, 2048, 256);
    assert.equal(over.signal, 'SIGKILL');
    assert.equal(over.exceeded, true);
    assert.ok(over.ms < 20_000, `stopped after ${over.ms} ms`);
    const under = await allocate(control, 64, 256);
    assert.deepEqual([under.code, under.exceeded], [0, false]);
  });
}

test('without bwrap, grading refuses and names the package; --no-sandbox warns once and grades', async () => {
  const subs = temp('genmodels-subs-');
  mkdirSync(join(subs, 'nobody'));
  writeFileSync(join(subs, 'nobody', 'notes.txt'), 'no notebook here');
  const refused = await runTool('grade.ts', [subs, '--out', temp('genmodels-grades-')], {
    GENMODELS_BWRAP: '/nonexistent/bwrap',
  });
  assert.equal(refused.status, 2);
  assert.match(
    refused.stderr,
    /bwrap was not found\. Install bubblewrap \(Debian\/Ubuntu: sudo apt-get install bubblewrap.*or pass --no-sandbox/,
  );
  const out = temp('genmodels-grades-');
  const plain = await runTool('grade.ts', [subs, '--out', out, '--assignment', A, '--no-sandbox'], {
    GENMODELS_BWRAP: '/nonexistent/bwrap',
  });
  assert.equal(plain.status, 0, plain.stderr);
  assert.equal((plain.stderr.match(/WARNING: --no-sandbox/g) ?? []).length, 1);
  assert.match(plain.stdout, /WITHOUT a sandbox/);
  assert.equal(loadRecords(out)[0].status, 'missing');
  const badLimit = await runTool('grade.ts', [subs, '--memory-limit', 'lots']);
  assert.equal(badLimit.status, 2);
  assert.match(badLimit.stderr, /--memory-limit must be a size/);
});

const marker = `hostile-${process.pid}-${Date.now()}`;
let records: GradeRecord[] = [];
let gradeOut = '';
const get = (student: string): GradeRecord => {
  const r = records.find((x) => x.student === student);
  assert.ok(r, `no record for ${student}`);
  return r;
};
const points = (r: GradeRecord): Record<string, number> =>
  Object.fromEntries(r.tests.map((t) => [t.gradeId, t.points]));

test('one sandboxed grading run of the hostile submissions leaves the checkout as it was', async () => {
  const subs = temp('genmodels-subs-');
  gradeOut = temp('genmodels-grades-');
  writeSubmission(subs, 'hostile', `${A}.ipynb`, hostile(marker));
  writeSubmission(subs, 'hog', `${A}.ipynb`, hog());
  const before = checkoutSnapshot();
  const run = await runTool('grade.ts', [
    subs,
    '--out',
    gradeOut,
    '--assignment',
    A,
    '--memory-limit',
    '1536M',
    '--cell-timeout',
    '30',
  ]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(
    run.stdout,
    new RegExp(`${availableParallelism()} at a time, each in a bwrap sandbox, memory limit 1.5 GB`),
  );
  records = loadRecords(gradeOut);
  assert.deepEqual(
    checkoutSnapshot(),
    before,
    'tracked files, solutions/, lib/dist/, kernel/dist/ and node_modules/ unchanged',
  );
  assert.deepEqual(
    readdirSync(ROOT).filter((f) => f.includes(marker)),
    [],
    'nothing written into the checkout root',
  );
  assert.equal(existsSync(join(tmpdir(), `${marker}.txt`)), false, "the sandbox's /tmp is its own");
  assert.deepEqual(processesWith(marker), [], 'the detached child died with its notebook');
  assert.deepEqual(
    readdirSync(tmpdir())
      .filter((f) => f.startsWith('genmodels-grade-'))
      .filter((f) => !temps.some((t) => t.endsWith(f))),
    [],
    'every scratch folder was removed',
  );
});

test('the solution file is out of reach: the answer that evaluates it scores 0', () => {
  const r = get('hostile');
  assert.equal(r.status, 'graded');
  assert.deepEqual(points(r), { reparameterize_noise: 0, reparameterize_seed: 0, kl_tests: 0, neg_elbo_tests: 2 });
  const error = r.tests.find((t) => t.gradeId === 'reparameterize_noise')?.error ?? '';
  assert.match(
    error,
    new RegExp(
      `solution unreadable: ${join(ROOT, 'solutions', A)}\\.ipynb: ENOENT; /course/solutions/${A}\\.ipynb: ENOENT`,
    ),
  );
});

test('writes outside the scratch space, the network and the helper behind the kernel are all refused', (t) => {
  const error = get('hostile').tests.find((t) => t.gradeId === 'kl_tests')?.error ?? '';
  const probe = JSON.parse(/probes: (\{.*\})/.exec(error)?.[1] ?? '{}') as Record<string, string>;
  t.diagnostic(JSON.stringify(probe));
  const writes = Object.entries(probe).filter(([k]) => k.startsWith('write ') && !k.startsWith('write /tmp/'));
  assert.equal(writes.length, 6, error);
  for (const [what, outcome] of writes) assert.match(outcome, /^(EROFS|ENOENT)$/, what);
  assert.equal(probe[`write /tmp/${marker}.txt`], 'written', "the sandbox's own /tmp is writable");
  assert.match(probe.detached, /^spawned pid \d+$/);
  for (const net of ['dns', 'fetch', 'tcp']) assert.notEqual(probe[net], 'connected', `${net}: ${probe[net]}`);
  for (const what of ['environ', 'mem']) assert.equal(probe[what], 'EACCES', `/proc/<helper>/${what}: ${probe[what]}`);
  assert.match(probe.fd, /^EACCES for \d+ fds$/, 'no file of the helper (its result pipe among them) can be opened');
  assert.equal(
    probe.stdout,
    'wrote to fd 1',
    'the forged result lines went out, and were not believed (the scores above)',
  );
});

test('10 GB stops at the memory limit: status memory-limit, the cells before it count, and the feedback says so', () => {
  const r = get('hog');
  assert.equal(r.status, 'memory-limit');
  assert.deepEqual(points(r), { reparameterize_noise: 2, reparameterize_seed: 2, kl_tests: 3, neg_elbo_tests: 0 });
  const sentence = 'the notebook used more than 1.5 GB and was stopped at cell 7';
  assert.ok(r.notes.includes(sentence), r.notes.join('\n'));
  assert.match(readFileSync(join(gradeOut, 'feedback', 'hog', `${A}.md`), 'utf8'), new RegExp(sentence));
  assert.ok(r.seconds < 60, `stopped after ${r.seconds} s`);
});
