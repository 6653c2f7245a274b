// Runs one scenario through the real CLI code path (outputs written to a temporary folder) and
// prints its wall time and this process's peak resident memory as JSON. Started by run.ts in a
// fresh process so the memory figure is this run's alone.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../bin/cli.ts';

const file = process.argv[2];
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-bench-'));
const t0 = performance.now();
await main(['run', file, '--out', out, '--quiet', ...process.argv.slice(3)]);
const wallS = (performance.now() - t0) / 1000;
const summary = fs.readFileSync(path.join(out, 'summary.csv'), 'utf8').split('\n');
const cols = summary[0].split(',');
const vals = summary[1].split(',');
const ops = Number(vals[cols.indexOf('ops')]);
const linearizable = vals[cols.indexOf('linearizable')];
const bytes = fs.readdirSync(out).reduce((n, f) => n + fs.statSync(path.join(out, f)).size, 0);
fs.rmSync(out, { recursive: true, force: true });
process.stdout.write(
  JSON.stringify({
    bench: 'big-run',
    scenario: path.basename(file),
    ops,
    linearizable,
    wall_s: Number(wallS.toFixed(2)),
    ops_per_s: Math.round(ops / wallS),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    // CPU seconds of the whole process (all its threads): on a busy machine wall time says little.
    cpu_s: Number(((process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1e6).toFixed(1)),
    output_mb: Math.round(bytes / 1024 / 1024),
    target_wall_s: 15,
    target_peak_rss_mb: 1024,
  }) + '\n',
);
