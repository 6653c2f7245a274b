// npx tsx bench/report-cost.ts [pairs] [--size]: what report.html adds to `faultline run`, one
// JSON line. A bundled scenario is run through the command as installed (dist/, built first when
// stale) in alternating pairs, with and without --no-report, so both halves of a pair see the same
// load; the figure is the median of the per-pair differences over the median run without the
// report (target: under 10%); with GNU time installed, the CPU time the page adds too (a busy
// machine inflates it far less than the wall time). With --size, the 10-minute Multi-AZ scenario of bench/scenarios
// (about 1.2 million operations) is run once and its report.html measured (target: under 5 MB).
// Leaves out the cost of `faultline report` on an existing folder: it reads the CSVs from disk.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt, PACKAGE_ROOT } from './ensure-built.ts';

const BIN = path.join(PACKAGE_ROOT, 'bin/faultline.js');
const SCENARIO = 'rds-multi-az-writer-crash';
const BIG = fileURLToPath(new URL('./scenarios/multi-az-10m.yaml', import.meta.url));

/** GNU time, when installed: it gives the child's CPU time (user + system), which a busy machine inflates far less than the wall time. */
const TIME = '/usr/bin/time';
const haveTime = fs.existsSync(TIME);

/** The wall time of one run, and its CPU time (null without GNU time), seconds. */
function timedRun(scenario: string, out: string, extra: string[]): { wallS: number; cpuS: number | null } {
  fs.rmSync(out, { recursive: true, force: true });
  const args = [BIN, 'run', scenario, '--quiet', '--out', out, ...extra];
  const t0 = performance.now();
  const r = haveTime
    ? spawnSync(TIME, ['-f', 'faultline-cpu %U %S', process.execPath, ...args], { encoding: 'utf8', env: { ...process.env, FAULTLINE_FROM_SOURCES: '' } })
    : spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, FAULTLINE_FROM_SOURCES: '' } });
  const wallS = (performance.now() - t0) / 1000;
  if (r.status !== 0 && r.status !== 1) throw new Error(`faultline run ${scenario} exited ${r.status}: ${r.stderr}`);
  const cpu = /faultline-cpu ([\d.]+) ([\d.]+)/.exec(r.stderr ?? '');
  return { wallS, cpuS: cpu === null ? null : Number(cpu[1]) + Number(cpu[2]) };
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const r3 = (x: number) => Number(x.toFixed(3));

export function reportCost(pairs = 9, size = false) {
  const { built } = ensureBuilt();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-bench-report-'));
  const load0 = os.loadavg()[0];
  const withReport: number[] = [];
  const without: number[] = [];
  const cpuWith: number[] = [];
  const cpuWithout: number[] = [];
  const record = (wall: number[], cpu: number[], t: { wallS: number; cpuS: number | null }) => {
    wall.push(t.wallS);
    if (t.cpuS !== null) cpu.push(t.cpuS);
  };
  try {
    for (let i = 0; i < pairs; i++) {
      // The order alternates too: the second run of a pair finds the files in the page cache.
      const a = () => record(without, cpuWithout, timedRun(SCENARIO, path.join(dir, 'a'), ['--no-report']));
      const b = () => record(withReport, cpuWith, timedRun(SCENARIO, path.join(dir, 'b'), []));
      if (i % 2 === 0) (a(), b());
      else (b(), a());
    }
    const diff = median(withReport.map((x, i) => x - without[i]));
    let big: Record<string, unknown> = {};
    if (size) {
      const out = path.join(dir, 'big');
      const wallS = timedRun(BIG, out, []).wallS;
      const bytes = fs.statSync(path.join(out, 'report.html')).size;
      const summary = fs.readFileSync(path.join(out, 'summary.csv'), 'utf8').split('\n');
      const ops = Number(summary[1].split(',')[summary[0].split(',').indexOf('ops')]);
      big = { big_run: { scenario: path.basename(BIG), ops, wall_s: r3(wallS), report_kb: Math.round(bytes / 1024), target_report_kb: 5 * 1024 } };
    }
    return {
      bench: 'report-cost',
      built_dist_first: built,
      scenario: SCENARIO,
      pairs,
      no_report_s: r3(median(without)),
      with_report_s: r3(median(withReport)),
      report_s: r3(diff),
      report_pct: Number(((100 * diff) / median(without)).toFixed(1)),
      target_pct: 10,
      // The CPU the page adds (median of the per-pair differences), and the run's own CPU.
      ...(cpuWith.length === pairs && cpuWithout.length === pairs ? { no_report_cpu_s: r3(median(cpuWithout)), report_cpu_s: r3(median(cpuWith.map((x, i) => x - cpuWithout[i]))) } : {}),
      ...big,
      load_avg_1m: { start: Number(load0.toFixed(2)), end: Number(os.loadavg()[0].toFixed(2)) },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const pairs = args.find((a) => /^\d+$/.test(a));
  process.stdout.write(JSON.stringify(reportCost(pairs === undefined ? 9 : Number(pairs), args.includes('--size'))) + '\n');
}
