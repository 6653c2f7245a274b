// npm run bench: prints one JSON line per benchmark (see README "Development").
//   hold-model      the scheduler vs a bare typed-array heap (target: ratio >= 0.7)
//   scenario-speed  simulated events per wall second of a bundled scenario, RDS and its Aurora
//                   counterpart (target: >= 2,500,000 warm, issue 15), with CPU time and load
//   big-run         a 10-minute Multi-AZ scenario at 2,000 ops/s through the CLI (and its Aurora
//                   counterpart), outputs
//                   included: wall time (target < 15 s) and peak memory (target < 1 GB)
//   checker         the linearizability checker on the 228 histories of ../shared/histories,
//                   in a fresh process (target: < 10 s with process start, no file over 2 s)
//   big-check       faultline check on a generated 2 GB, 7-million-operation history in a child
//                   with a capped heap (bench/big-check.ts): time and peak memory (target < 2 GB)
//   sweep           bench/sweep.ts --repeat 2: a 100-seed sweep with --jobs 1 against --jobs 2,
//                   the faster of two of each (target speed-up >= 1.7 on two cores), worker memory;
//                   then a 40-seed sweep of a bundled scenario through the command as installed
//                   (dist/), --jobs 1 against --jobs 2 (target speed-up >= 1.8)
//   long-run        bench/long-run.ts: 1 h, 6 h and 24 h simulated at 2,000 ops/s (history on and
//                   checked) side by side: peak memory and wall time per length (target: peaks
//                   within 1.5x of each other, under 1 GB at 24 h); `long-run 1h 3h` picks lengths,
//                   `--node-flag=X` passes X to each run's node
//   start           bench/process-start.ts: `faultline --version` against `node -e 0` in paired
//                   runs (target: within 0.15 s), from dist/ and from the sources, and a short run
//   report-cost     bench/report-cost.ts --size: `faultline run` of a bundled scenario with and
//                   without --no-report in alternating pairs, median of 9 (target: report < 10% of
//                   the run's wall), and the report.html size of a 1.2M-operation run (< 5 MB)
// `npm run bench <name>` runs one of them.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { holdModel } from './hold-model.ts';
import { distSimulator, scenarioSpeed } from './scenario-speed.ts';
import { processStart } from './process-start.ts';
import { longRunFromArgs } from './long-run.ts';
import { reportCost } from './report-cost.ts';

const only = process.argv[2];
const print = (x: unknown) => process.stdout.write(JSON.stringify(x) + '\n');

if (only === undefined || only === 'hold-model') print(holdModel());
if (only === undefined || only === 'scenario-speed') {
  const simulator = await distSimulator();
  print(scenarioSpeed('rds-multi-az-writer-crash', simulator));
  print(scenarioSpeed('aurora-writer-crash', simulator)); // the Aurora counterpart (issue 3)
}
if (only === undefined || only === 'big-run') {
  const child = fileURLToPath(new URL('./big-run-child.ts', import.meta.url));
  for (const name of ['multi-az-10m.yaml', 'aurora-10m.yaml']) {
    const scenario = fileURLToPath(new URL(`./scenarios/${name}`, import.meta.url));
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['--import', 'tsx', child, scenario], { encoding: 'utf8' });
    const total = (performance.now() - t0) / 1000;
    if (r.status !== 0) {
      process.stderr.write(r.stderr);
      process.exit(1);
    }
    const line = JSON.parse(r.stdout.trim().split('\n').pop()!);
    print({ ...line, wall_s_with_process_start: Number(total.toFixed(2)) });
  }
}

if (only === undefined || only === 'checker') {
  const checker = fileURLToPath(new URL('./checker.ts', import.meta.url));
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', checker], { encoding: 'utf8' });
  const total = (performance.now() - t0) / 1000;
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    process.exit(1);
  }
  const line = JSON.parse(r.stdout.trim().split('\n').pop()!);
  print({ bench: 'checker', ...line, wall_s_with_process_start: Number(total.toFixed(2)), target_wall_s: 10, target_file_ms: 2000 });
}

if (only === undefined || only === 'big-check') {
  // Its own process: it writes the history, spawns the check and prints one JSON line.
  const bigCheck = fileURLToPath(new URL('./big-check.ts', import.meta.url));
  const r = spawnSync(process.execPath, ['--import', 'tsx', bigCheck], { encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    process.exit(1);
  }
  process.stdout.write(r.stdout.trim().split('\n').pop()! + '\n');
}

if (only === undefined || only === 'sweep') {
  // Its own process: it spawns the sweeps and times them, and prints one JSON line.
  const sweep = fileURLToPath(new URL('./sweep.ts', import.meta.url));
  for (const args of [['--repeat', '2'], ['rds-single-az-crash', '--seeds', '40', '--repeat', '2', '--speedup-only']]) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', sweep, ...args], { encoding: 'utf8' });
    if (r.status !== 0) {
      process.stderr.write(r.stderr);
      process.exit(1);
    }
    process.stdout.write(r.stdout.trim().split('\n').pop()! + '\n');
  }
}

if (only === undefined || only === 'start') print(processStart());
if (only === undefined || only === 'report-cost') print(reportCost(9, true));
if (only === undefined || only === 'long-run') print(longRunFromArgs(process.argv.slice(3)));
