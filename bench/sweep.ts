// npx tsx bench/sweep.ts [scenario] [--seeds N] [--repeat N] [--speedup-only] [--sources]: sweep
// scaling and worker memory, one JSON line.
//   speedup      an N-seed sweep (default 100) of a bundled scenario (default rds-single-az-crash)
//                through the sweep command's code path, --jobs 1 vs --jobs 2, each in a fresh
//                process: wall time ratio (target >= 1.7 on a 2-core machine at 100 seeds, >= 1.8
//                at 40); the two runs' sweep.csv and aggregate.csv must be byte-identical
//   memory       per worker, with --jobs 2 at 20 seeds and at N seeds: the V8 heap in use after
//                a run (median over the worker's first 10 runs and over its last 10, and the
//                largest) and the largest heap size; flat = about the same at 20 and N seeds and
//                from the first runs to the last. Plus each process's peak RSS (all threads).
//                --speedup-only leaves this out
// The sweep code and its workers are those `npm ci` installs, compiled in dist/ (built first when
// it is not current); --sources runs the TypeScript sources through tsx instead, workers too.
// The machine's load average is printed too, and each sweep's CPU time: cores_used = CPU time /
// wall time shows how much of the machine a sweep got (2.0 at best here); on a shared machine,
// other processes slow --jobs 2 more than --jobs 1. --repeat N runs each N-seed sweep N times,
// alternating, and keeps the fastest of each (default 1).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureBuilt, PACKAGE_ROOT } from './ensure-built.ts';

const MB = 1024 * 1024;

interface ChildResult {
  wall_s: number;
  /** CPU time of the whole process (every thread, user + system). */
  cpu_s: number;
  code: number;
  workers: { worker: number; runs: number; peakHeapUsed: number; peakHeapTotal: number; heapUsedAfterRun: number[] }[];
  peak_rss_mb: number;
}

if (process.argv[2] === 'child') {
  // One sweep in this process, as `faultline sweep` runs it; prints its wall time and memory.
  const [, , , scenario, seeds, jobs, out, from] = process.argv;
  // The sweep code, and so its workers, as `npm ci` installs it (dist/), or the TypeScript sources.
  type Execute = typeof import('../bin/sweep/execute.ts');
  const { executeSweep } = (from === 'dist' ? await import(pathToFileURL(path.join(PACKAGE_ROOT, 'dist/bin/sweep/execute.js')).href) : await import('../bin/sweep/execute.ts')) as Execute;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = await executeSweep({ scenario, seeds, jobs: Number(jobs), out }, { write: () => {} });
  const wall = (performance.now() - t0) / 1000;
  const c1 = process.cpuUsage(c0);
  const result: ChildResult = { wall_s: Number(wall.toFixed(2)), cpu_s: Number(((c1.user + c1.system) / 1e6).toFixed(2)), code: r.code, workers: r.stats, peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) };
  process.stdout.write(JSON.stringify(result) + '\n');
} else {
  const args = process.argv.slice(2);
  const flag = (name: string, fallback: number) => {
    const i = args.indexOf(name);
    return i >= 0 ? Math.max(1, Number(args.splice(i, 2)[1])) : fallback;
  };
  const repeat = flag('--repeat', 1);
  const seeds = flag('--seeds', 100);
  const switchOn = (name: string) => {
    const i = args.indexOf(name);
    if (i >= 0) args.splice(i, 1);
    return i >= 0;
  };
  const fromSources = switchOn('--sources');
  const speedupOnly = switchOn('--speedup-only');
  const from = fromSources ? 'sources' : 'dist';
  const built = fromSources ? false : ensureBuilt().built;
  const scenario = args[0] ?? 'rds-single-az-crash';
  const self = fileURLToPath(import.meta.url);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-bench-sweep-'));
  const child = (seeds: string, jobs: number, out: string): ChildResult => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', self, 'child', scenario, seeds, String(jobs), path.join(tmp, out), from], { encoding: 'utf8' });
    if (r.status !== 0) {
      process.stderr.write(r.stderr);
      process.exit(1);
    }
    const line = JSON.parse(r.stdout.trim().split('\n').pop()!) as ChildResult;
    if (line.code > 1) {
      process.stderr.write(`sweep exited ${line.code}\n${r.stderr}`);
      process.exit(1);
    }
    return line;
  };
  const load0 = os.loadavg()[0];
  let one: ChildResult | undefined;
  let two: ChildResult | undefined;
  const all: { jobs1_s: number[]; jobs2_s: number[] } = { jobs1_s: [], jobs2_s: [] };
  for (let i = 0; i < repeat; i++) {
    const a = child(`1..${seeds}`, 1, 'jobs1');
    const b = child(`1..${seeds}`, 2, 'jobs2');
    all.jobs1_s.push(a.wall_s);
    all.jobs2_s.push(b.wall_s);
    if (one === undefined || a.wall_s < one.wall_s) one = a;
    if (two === undefined || b.wall_s < two.wall_s) two = b;
  }
  if (one === undefined || two === undefined) throw new Error('no runs');
  const small = speedupOnly ? undefined : child('1..20', 2, 'jobs2-20');
  const load1 = os.loadavg()[0];
  const same = (f: string) => fs.readFileSync(path.join(tmp, 'jobs1', f)).equals(fs.readFileSync(path.join(tmp, 'jobs2', f)));
  const identical = same('sweep.csv') && same('aggregate.csv');
  const mb = (b: number) => Number((b / MB).toFixed(1));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const perWorker = (r: ChildResult) =>
    r.workers.map((w) => ({
      runs: w.runs,
      heap_used_first10_median_mb: mb(median(w.heapUsedAfterRun.slice(0, 10))),
      heap_used_last10_median_mb: mb(median(w.heapUsedAfterRun.slice(-10))),
      heap_used_peak_mb: mb(w.peakHeapUsed),
      heap_total_peak_mb: mb(w.peakHeapTotal),
    }));
  fs.rmSync(tmp, { recursive: true, force: true });
  process.stdout.write(
    JSON.stringify({
      bench: 'sweep',
      scenario,
      seeds,
      from,
      built_dist_first: built,
      cores: os.availableParallelism(),
      jobs1_s: one.wall_s,
      jobs2_s: two.wall_s,
      speedup: Number((one.wall_s / two.wall_s).toFixed(2)),
      ...(repeat > 1 ? { runs: all } : {}),
      target_speedup: seeds >= 100 ? 1.7 : 1.8,
      cpu_s: { jobs1: one.cpu_s, jobs2: two.cpu_s },
      cores_used: { jobs1: Number((one.cpu_s / one.wall_s).toFixed(2)), jobs2: Number((two.cpu_s / two.wall_s).toFixed(2)) },
      identical_outputs: identical,
      ...(small === undefined
        ? { peak_rss_mb: { [`jobs1_${seeds}`]: one.peak_rss_mb, [`jobs2_${seeds}`]: two.peak_rss_mb } }
        : {
            workers_20_seeds: perWorker(small),
            [`workers_${seeds}_seeds`]: perWorker(two),
            peak_rss_mb: { [`jobs1_${seeds}`]: one.peak_rss_mb, jobs2_20: small.peak_rss_mb, [`jobs2_${seeds}`]: two.peak_rss_mb },
          }),
      load_avg_1m: { start: Number(load0.toFixed(2)), end: Number(load1.toFixed(2)) },
    }) + '\n',
  );
}
