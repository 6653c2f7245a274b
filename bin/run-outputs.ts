// The files `faultline run` writes while a run goes (history.jsonl or history.jsonl.gz,
// timeseries.csv, events.csv) and at its end (faults.csv, and violation.txt when the history is
// not linearizable), as text and byte streams. `run` writes them to files and a sweep worker
// hashes them for --verify-determinism: one writer keeps the two byte for byte the same.
// summary.csv is the caller's (the sweep keeps its cells rather than the text).
//
// history.jsonl.gz is written a block at a time as the run goes, each block one gzip member
// (RFC 1952 allows a file of several; gzip, zcat and node:zlib read them as one stream): the
// simulation never yields to the event loop, so a zlib stream would hold its output until the end.

import zlib from 'node:zlib';
import type { RunSinks } from '../scenarios/run.ts';
import { csvHeader, csvRows } from '../reports/csv.ts';
import { HistoryJsonlWriter } from '../reports/history-jsonl.ts';
import { EVENT_COLUMNS, eventRow } from '../reports/events-table.ts';
import { TIMESERIES_COLUMNS } from '../reports/timeseries-columns.ts';
import { FAULT_COLUMNS } from '../reports/fault-table.ts';
import { RngFactory } from '../sim/rng.ts';
import { historyFileName, type HistoryMode } from './history-mode.ts';

export interface TextOut {
  write(text: string): void;
  /** Bytes (UTF-8 text or compressed); without it they are written as text. */
  writeBytes?(bytes: Uint8Array): void;
}

/** What a sampled history kept: about 1 key in `everyKeys`, `keptKeys` of the `seenKeys` operated on. */
export interface HistorySample {
  everyKeys: number;
  keptKeys: number;
  seenKeys: number;
}

export interface RunOutputs {
  /** The streaming sinks for runScenario. */
  sinks: RunSinks;
  /** Writes the end-of-run files (faults.csv with `faultColumns`: the standard ones unless a policy adds its own). */
  finish(faultRows: readonly Record<string, unknown>[], violation: string | null, faultColumns?: readonly string[]): void;
  /** With --history sample=N, once finished: what the sample kept. */
  sample(): HistorySample | null;
}

/** Level 6 (zlib's default): a third of level 1's size for JSONL at about twice its time. */
const GZIP_LEVEL = 6;

function bytesTo(out: TextOut, gzip: boolean): (bytes: Uint8Array) => void {
  const raw = out.writeBytes === undefined ? (b: Uint8Array) => out.write(Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8')) : out.writeBytes.bind(out);
  return gzip ? (b) => raw(zlib.gzipSync(b, { level: GZIP_LEVEL })) : raw;
}

/** Which keys a sample keeps, decided at each key's first operation from a stream of the run's seed. */
class KeySample {
  // 0 not seen yet, 1 kept, 2 left out; by key index.
  private state = new Uint8Array(1024);
  private readonly rng;
  kept = 0;
  seen = 0;

  constructor(
    readonly everyKeys: number,
    seed: number,
  ) {
    this.rng = new RngFactory(seed).stream('history/sample');
  }

  keeps(keyIndex: number): boolean {
    if (keyIndex >= this.state.length) {
      const bigger = new Uint8Array(Math.max(keyIndex + 1, this.state.length * 2));
      bigger.set(this.state);
      this.state = bigger;
    }
    let s = this.state[keyIndex];
    if (s === 0) {
      s = this.state[keyIndex] = this.rng.uniform() * this.everyKeys < 1 ? 1 : 2;
      this.seen++;
      if (s === 1) this.kept++;
    }
    return s === 1;
  }
}

/** Opens the history file (unless the mode is none), timeseries.csv and events.csv, in that order. */
export function runOutputs(open: (name: string) => TextOut, history: HistoryMode, seed = 0): RunOutputs {
  const histName = historyFileName(history);
  const hist = histName === null ? null : new HistoryJsonlWriter(bytesTo(open(histName), history.kind === 'gz'));
  const sample = history.kind === 'sample' ? new KeySample(history.everyKeys, seed) : null;
  const ts = open('timeseries.csv');
  const ev = open('events.csv');
  // The header comes with the first row: engines may add counter columns after the standard ones.
  let tsColumns: readonly string[] | null = null;
  ev.write(csvHeader(EVENT_COLUMNS));
  return {
    sinks: {
      history:
        hist === null ? undefined : sample === null ? (e, client) => hist.write(e, client) : (e, client) => void (sample.keeps(e.op.keyIndex) && hist.write(e, client)),
      timeseries: (row) => {
        const columns = tsColumns ?? [...TIMESERIES_COLUMNS, ...Object.keys(row).filter((k) => !TIMESERIES_COLUMNS.includes(k))];
        if (tsColumns === null) ts.write(csvHeader(columns));
        tsColumns = columns;
        ts.write(csvRows(columns, [row]));
      },
      event: (e) => ev.write(csvRows(EVENT_COLUMNS, [eventRow(e)])),
    },
    finish(faultRows, violation, faultColumns = FAULT_COLUMNS) {
      hist?.flush();
      const faults = open('faults.csv');
      faults.write(csvHeader(faultColumns));
      faults.write(csvRows(faultColumns, faultRows));
      if (violation !== null) open('violation.txt').write(violation);
    },
    sample: () => (sample === null ? null : { everyKeys: sample.everyKeys, keptKeys: sample.kept, seenKeys: sample.seen }),
  };
}
