// Digests of one run's outputs, for --verify-determinism: the summary row's cells, and for each
// file `faultline run` would write (history.jsonl, timeseries.csv, events.csv, faults.csv) the
// SHA-256 of its exact bytes plus a 32-bit hash per line, so two runs that differ can be told
// apart and the first line where they part ways named, without keeping the files.

import { createHash, type Hash } from 'node:crypto';

export interface StreamDigest {
  name: string;
  sha256: string;
  lines: number;
  /** FNV-1a of each line, in order. */
  lineHashes: Uint32Array;
}

export interface RunDigest {
  summary: string[];
  streams: StreamDigest[];
}

/** Collects one file's lines (each ending in a newline; a chunk may hold several). */
export class StreamHasher {
  private hash: Hash = createHash('sha256');
  private hashes = new Uint32Array(1024);
  private count = 0;

  constructor(readonly name: string) {}

  add(text: string): void {
    this.hash.update(text);
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      const end = nl < 0 ? text.length : nl;
      if (end > start || nl >= 0) this.push(fnv1a(text, start, end));
      if (nl < 0 || nl === text.length - 1) break;
      start = nl + 1;
    }
  }

  private push(h: number): void {
    if (this.count === this.hashes.length) {
      const bigger = new Uint32Array(this.hashes.length * 2);
      bigger.set(this.hashes);
      this.hashes = bigger;
    }
    this.hashes[this.count++] = h;
  }

  finish(): StreamDigest {
    return { name: this.name, sha256: this.hash.digest('hex'), lines: this.count, lineHashes: this.hashes.slice(0, this.count) };
  }
}

function fnv1a(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The first difference between two digests of the same run, in words, or null when they agree. */
export function firstDifference(a: RunDigest, b: RunDigest, summaryColumns: readonly string[]): string | null {
  for (let i = 0; i < Math.max(a.summary.length, b.summary.length); i++) {
    if (a.summary[i] !== b.summary[i]) {
      return `summary.csv column ${summaryColumns[i] ?? i + 1}: ${JSON.stringify(a.summary[i] ?? null)} vs ${JSON.stringify(b.summary[i] ?? null)}`;
    }
  }
  for (const sa of a.streams) {
    const sb = b.streams.find((s) => s.name === sa.name);
    if (sb === undefined) return `${sa.name}: missing from the rerun`;
    if (sa.sha256 === sb.sha256) continue;
    const n = Math.min(sa.lines, sb.lines);
    for (let i = 0; i < n; i++) {
      if (sa.lineHashes[i] !== sb.lineHashes[i]) return `${sa.name} line ${i + 1} differs (sha256 ${sa.sha256.slice(0, 12)} vs ${sb.sha256.slice(0, 12)})`;
    }
    if (sa.lines !== sb.lines) return `${sa.name}: ${sa.lines} lines vs ${sb.lines} (the first ${n} agree)`;
    return `${sa.name}: sha256 ${sa.sha256.slice(0, 12)} vs ${sb.sha256.slice(0, 12)} (every line's hash agrees)`;
  }
  for (const sb of b.streams) if (!a.streams.some((s) => s.name === sb.name)) return `${sb.name}: missing from the first run`;
  return null;
}
