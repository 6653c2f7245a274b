// Benchmark of the linearizability checker on the external corpus (../shared/histories).
// Checks all 228 files in-process, in manifest order, with the semantics each entry names
// (shrinking violations too, as the CLI does), and prints one JSON line: total, parse and CPU
// times, time since process start, the slowest file, counts per verdict, search steps, and
// whether every verdict matched the manifest. Exit code 1 when one did not.
// Run: npx tsx bench/checker.ts   (wall time is measured here, never inside reports/).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkHistory, parseHistoryJsonl } from '../reports/linearizability/index.ts';
import type { SemanticsName } from '../reports/linearizability/index.ts';
import { historiesDir } from '../test/shared-dir.ts';

interface ManifestFile {
  readonly path: string;
  readonly model: 'register' | 'kv-append';
  readonly semantics: SemanticsName;
  readonly initialValue: unknown;
  readonly linearizable: boolean;
}

const found = historiesDir();
if (found === null) {
  // The corpus is not part of the repository: report the skip as the result line.
  console.log(JSON.stringify({ skipped: 'the shared histories corpus is absent (set FAULTLINE_SHARED)' }));
  process.exit(0);
}
const corpus: string = found;
const manifest = JSON.parse(readFileSync(path.join(corpus, 'manifest.json'), 'utf8')) as { files: ManifestFile[] };

const started = performance.now();
const cpuStarted = process.cpuUsage();
let parseMs = 0;
let slowest = { file: '', ms: 0 };
let steps = 0;
let shrinkSteps = 0;
const verdicts: Record<string, number> = { true: 0, false: 0, unknown: 0 };
const mismatches: string[] = [];
for (const entry of manifest.files) {
  const t0 = performance.now();
  const text = readFileSync(path.join(corpus, entry.path), 'utf8');
  const events = parseHistoryJsonl(text, entry.path);
  const t1 = performance.now();
  const result = checkHistory(events, {
    semantics: entry.semantics,
    initialValue: entry.initialValue,
    model: entry.model === 'kv-append' ? 'kv' : 'register',
  });
  const t2 = performance.now();
  parseMs += t1 - t0;
  steps += result.steps;
  shrinkSteps += result.violation?.shrinkSteps ?? 0;
  verdicts[String(result.linearizable)]++;
  if (result.linearizable !== entry.linearizable) mismatches.push(entry.path);
  if (t2 - t0 > slowest.ms) slowest = { file: entry.path, ms: t2 - t0 };
}
const totalMs = performance.now() - started;
const cpu = process.cpuUsage(cpuStarted);
const round = (ms: number): number => Math.round(ms * 10) / 10;
console.log(
  JSON.stringify({
    files: manifest.files.length,
    totalMs: round(totalMs),
    parseMs: round(parseMs),
    // CPU time of this process over the same span: wall time also counts other load on the machine.
    cpuMs: round((cpu.user + cpu.system) / 1000),
    sinceProcessStartMs: round(process.uptime() * 1000),
    slowestFile: slowest.file,
    slowestMs: round(slowest.ms),
    verdicts,
    steps,
    shrinkSteps,
    allMatched: mismatches.length === 0,
    mismatches,
  }),
);
process.exitCode = mismatches.length === 0 ? 0 : 1;
