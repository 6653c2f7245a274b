// The memory soak (issue 15): the same RDS Multi-AZ scenario at 2,000 ops/s for several run
// lengths (bench/scenarios/long-<length>.yaml), each through the CLI's own run path in a fresh
// process (big-run-child.ts: history written, history checked), printed side by side: peak
// resident memory and wall time per length, and the ratio of the largest peak to the smallest.
// Memory flat in run length means that ratio stays within 1.5 (target) and the 24-hour peak under
// 1 GB. Lengths default to 1h, 6h and 24h; `npm run bench long-run 1h 3h` picks others (the
// 24-hour run is 173 million operations: on a busy machine it takes the better part of an hour).
// The longer lengths are over the estimate's soft limit of operations, so the child passes --yes.
// Each length also reports its CPU seconds and the machine's load average before and after (wall
// time on a shared machine depends on what else runs). `--node-flag=X` passes X to each child's
// node (say --heap-growing-percent=30, which trades CPU for less collector headroom).
// Leaves out: repeated runs (one per length; peak memory hardly varies between identical runs).

import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

interface LengthFigure {
  length: string;
  ops: number;
  linearizable: string;
  wall_s: number;
  cpu_s: number;
  load_before: number;
  load_after: number;
  peak_rss_mb: number;
  output_mb: number;
}

export function longRun(lengths: readonly string[], nodeFlags: readonly string[] = []): Record<string, unknown> {
  const child = fileURLToPath(new URL('./big-run-child.ts', import.meta.url));
  const figures: LengthFigure[] = [];
  for (const length of lengths) {
    const scenario = fileURLToPath(new URL(`./scenarios/long-${length}.yaml`, import.meta.url));
    const loadBefore = os.loadavg()[0];
    const r = spawnSync(process.execPath, [...nodeFlags, '--import', 'tsx', child, scenario, '--yes'], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(`long-run ${length}: exit ${r.status}\n${r.stderr}`);
    const line = JSON.parse(r.stdout.trim().split('\n').pop()!);
    const load = (x: number) => Number(x.toFixed(1));
    figures.push({ length, ops: line.ops, linearizable: line.linearizable, wall_s: line.wall_s, cpu_s: line.cpu_s, load_before: load(loadBefore), load_after: load(os.loadavg()[0]), peak_rss_mb: line.peak_rss_mb, output_mb: line.output_mb });
    process.stderr.write(`long-run ${length}: ${JSON.stringify(figures.at(-1))}\n`);
  }
  const peaks = figures.map((f) => f.peak_rss_mb);
  return {
    bench: 'long-run',
    node_flags: nodeFlags,
    lengths: figures,
    peak_ratio: Number((Math.max(...peaks) / Math.min(...peaks)).toFixed(2)),
    target_peak_ratio: 1.5,
    target_peak_rss_mb_24h: 1024,
  };
}

/** `1h 6h --node-flag=--heap-growing-percent=30`: lengths (default 1h, 6h, 24h) and node flags. */
export function longRunFromArgs(args: readonly string[]): Record<string, unknown> {
  const flag = '--node-flag=';
  const flags = args.filter((a) => a.startsWith(flag)).map((a) => a.slice(flag.length));
  const lengths = args.filter((a) => !a.startsWith(flag));
  return longRun(lengths.length > 0 ? lengths : ['1h', '6h', '24h'], flags);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(JSON.stringify(longRunFromArgs(process.argv.slice(2))) + '\n');
}
