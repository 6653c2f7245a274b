// Benchmark: `faultline check` on a 2 GB, 7-million-operation history within 2 GB of memory.
// Generates the history to a temporary file (streamed, big-history.ts), checks it in a child
// process whose V8 heap is capped (--max-old-space-size), prints one JSON line (generation and
// check times, file size, verdict, the child's peak resident memory), and deletes the file.
// Run: npx tsx bench/big-check.ts [ops]   (default 7,000,000; `npm run bench big-check`)

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBigHistory } from './big-history.ts';

const TARGET_RSS_MB = 2048;
const ops = Number(process.argv[2] ?? 7_000_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-big-check-'));
const file = path.join(dir, 'history.jsonl');
try {
  const t0 = performance.now();
  const written = writeBigHistory(file, { ops, processes: 256, keys: 100_000, seed: 42 });
  const generateS = (performance.now() - t0) / 1000;
  const child = fileURLToPath(new URL('./big-check-child.ts', import.meta.url));
  // The heap cap leaves room under the target for typed arrays (outside the V8 heap) and code.
  const r = spawnSync(process.execPath, ['--max-old-space-size=1536', '--import', 'tsx', child, file], { encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    process.exitCode = 1;
  } else {
    const result = JSON.parse(r.stdout.trim().split('\n').pop()!) as { peak_rss_mb: number };
    const line = { bench: 'big-check', file_mb: Math.round(written.bytes / (1024 * 1024)), events: written.events, generate_s: Number(generateS.toFixed(1)), ...result, target_peak_rss_mb: TARGET_RSS_MB };
    process.stdout.write(`${JSON.stringify(line)}\n`);
    if (result.peak_rss_mb > TARGET_RSS_MB) process.exitCode = 1;
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
