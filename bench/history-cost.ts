// npx tsx bench/history-cost.ts [scenario]: what writing history.jsonl costs a run, in-process
// (no process start), one JSON line. Each run writes every file `faultline run` writes, through
// the same writers, into a temporary folder; runs with and without the history alternate (after
// one warm-up of each) so both see the same load, and the figure is the median of each. Also
// times --history gz and --history sample=10. Leaves out report.html (drawn on another thread).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareScenario } from '../scenarios/prepare.ts';
import { runToFiles } from '../bin/run-files.ts';
import { OutFile } from '../bin/output-dir.ts';
import type { HistoryMode } from '../bin/history-mode.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function historyCost(name = 'rds-multi-az-writer-crash', repeats = 3) {
  const file = fileURLToPath(new URL(`../scenarios/${name}.yaml`, import.meta.url));
  const s = prepareScenario(fs.readFileSync(file, 'utf8'), file).scenario;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-bench-history-'));
  const timed = (history: HistoryMode) => {
    const files: OutFile[] = [];
    const t0 = performance.now();
    runToFiles(s, { intervalUs: 1_000_000, history, check: true }, (n) => {
      const f = new OutFile(path.join(dir, n), path.join(dir, n));
      files.push(f);
      return f;
    });
    for (const f of files) f.close();
    return (performance.now() - t0) / 1000;
  };
  const modes: Record<string, HistoryMode> = { none: { kind: 'none' }, full: { kind: 'full' }, gz: { kind: 'gz' }, sample10: { kind: 'sample', everyKeys: 10 } };
  const times: Record<string, number[]> = {};
  for (const m of Object.keys(modes)) timed(modes[m]); // warm-up
  for (let i = 0; i < repeats; i++) for (const m of Object.keys(modes)) (times[m] ??= []).push(timed(modes[m]));
  const bytes = (n: string) => (fs.existsSync(path.join(dir, n)) ? fs.statSync(path.join(dir, n)).size : 0);
  const out = {
    bench: 'history-cost',
    scenario: name,
    no_history_s: Number(median(times.none).toFixed(3)),
    history_s: Number(median(times.full).toFixed(3)),
    history_share: Number((1 - median(times.none) / median(times.full)).toFixed(3)),
    history_gz_s: Number(median(times.gz).toFixed(3)),
    history_sample10_s: Number(median(times.sample10).toFixed(3)),
    history_bytes: bytes('history.jsonl'),
    history_gz_bytes: bytes('history.jsonl.gz'),
    load_avg_1m: Number(os.loadavg()[0].toFixed(2)),
  };
  fs.rmSync(dir, { recursive: true, force: true });
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.stdout.write(JSON.stringify(historyCost(process.argv[2])) + '\n');
