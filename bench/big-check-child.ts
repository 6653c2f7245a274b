// Runs `faultline check --json <file>` through the real CLI code path and prints its JSON line
// extended with this process's wall time and peak resident memory. Started by big-check.ts
// in a fresh process (with a heap limit), so the memory figure is this check's alone.

import { main } from '../bin/cli.ts';

const file = process.argv[2];
let line = '';
const write = process.stdout.write.bind(process.stdout);
// Capture check's own JSON line; print one combined line at the end.
process.stdout.write = ((s: string | Uint8Array) => ((line += String(s)), true)) as typeof process.stdout.write;
const t0 = performance.now();
await main(['check', '--json', file]);
const wallS = (performance.now() - t0) / 1000;
process.stdout.write = write;
const result = JSON.parse(line.trim().split('\n').pop()!) as Record<string, unknown>;
delete result.violation;
write(`${JSON.stringify({ ...result, exitCode: process.exitCode ?? 0, wall_s: Number(wallS.toFixed(1)), peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
