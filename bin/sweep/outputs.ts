// A sweep's files: sweep.csv (one row per run: the parameters, then summary.csv's columns),
// aggregate.csv (per parameter combination and metric, see reports/aggregate.ts) and sweep.json
// (what was swept, which shard this folder holds, and the runs whose expectations failed, each
// with its replay command). A shard's folder holds its slice of sweep.csv and its sweep.json;
// `faultline merge` puts the slices back in canonical order and computes aggregate.csv from the
// merged rows, the same function the unsharded sweep uses, so both give the same bytes.
// Files are written under temporary names and renamed at the end (bin/output-dir.ts).

import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { SUMMARY_COLUMNS } from '../../reports/summary-columns.ts';
import { csvHeader, csvRows } from '../../reports/csv.ts';
import { aggregateColumns, aggregateRows } from '../../reports/aggregate.ts';
import { OutputDir } from '../output-dir.ts';
import { InputError } from '../scenario-files.ts';
import { parseCsv } from './csv-read.ts';
import { joinShards } from './join-shards.ts';
import { parseShard, shardSize, shardText, type Shard } from './shard.ts';

export const MANIFEST_FORMAT = 'faultline-sweep/1';

/** Summary columns that are not figures to aggregate. */
const NOT_METRICS = new Set<string>(['scenario', 'engine', 'seed', 'cap_during_partition', 'anomaly']);

/** The summary columns aggregate.csv describes, in summary.csv order. */
export const METRIC_COLUMNS: readonly string[] = SUMMARY_COLUMNS.filter((c) => !NOT_METRICS.has(c));

export interface Failure {
  /** Index of the run in the sweep's canonical order (from 0). */
  run: number;
  seed: number;
  /** The combination's parameters, `engine.dns_ttl=30s`. */
  set: string[];
  /** Each failed expectation, in words. */
  failed: string[];
  replay: string;
}

export interface SweepManifest {
  format: string;
  faultline: string;
  /** The scenario argument as given (a path or a bundled name): replay commands use it. */
  scenario: string;
  scenario_name: string;
  scenario_sha256: string;
  /** Canonical seed list. */
  seeds: string;
  /** The `--set` flags, `engine.dns_ttl=5s,30s`, in order. */
  set: string[];
  /**
   * sweep.csv's column of each flag, in order: `dns_ttl_s` (bin/sweep/param-columns.ts). Absent
   * in folders written before columns had units, whose columns are the flags' keys.
   */
  set_columns?: string[];
  /** Linearizability checked (false with --no-check). */
  check: boolean;
  /** Runs in the whole sweep. */
  runs: number;
  /** `i/N`. */
  shard: string;
  runs_in_shard: number;
  failures: Failure[];
}

/** The fields that must agree between the shards of one sweep. */
const IDENTITY: readonly (keyof SweepManifest)[] = ['format', 'faultline', 'scenario', 'scenario_name', 'scenario_sha256', 'seeds', 'set', 'set_columns', 'check', 'runs'];

export function sweepColumns(paramColumns: readonly string[]): string[] {
  return [...paramColumns, ...SUMMARY_COLUMNS];
}

/** The parameter columns of a manifest: its `set_columns`, or its flags' keys in a folder written before they had units. */
export function paramColumns(m: Pick<SweepManifest, 'set' | 'set_columns'>): string[] {
  return m.set_columns ?? m.set.map((s) => s.slice(0, s.indexOf('=')));
}

export interface SweepTable {
  manifest: SweepManifest;
  columns: string[];
  /** Cell text, in canonical order. */
  rows: string[][];
}

/** The bytes of each file of a sweep folder: aggregate.csv only for a whole sweep (shard 1/1). */
export function sweepFiles(t: SweepTable): { name: string; text: string }[] {
  const files = [{ name: 'sweep.csv', text: csvHeader(t.columns) + (t.rows.length === 0 ? '' : stringify(t.rows)) }];
  if (parseShard(t.manifest.shard).count === 1) {
    const params = paramColumns(t.manifest);
    const agg = aggregateRows({ columns: t.columns, rows: t.rows, groupBy: params, metrics: METRIC_COLUMNS });
    const cols = aggregateColumns(params);
    files.push({ name: 'aggregate.csv', text: csvHeader(cols) + csvRows(cols, agg) });
  }
  files.push({ name: 'sweep.json', text: JSON.stringify(t.manifest, null, 2) + '\n' });
  return files;
}

/**
 * Writes a sweep folder atomically (into `out` when the folder was taken already), with `extra`
 * files beside sweep.csv's (report.html); returns the paths written.
 */
export function writeSweep(dir: string | OutputDir, t: SweepTable, extra: readonly { name: string; text: string }[] = []): string[] {
  const files = [...sweepFiles(t), ...extra];
  const out = typeof dir === 'string' ? new OutputDir(dir) : dir;
  try {
    for (const f of files) out.open(f.name).write(f.text);
    out.commit();
  } catch (e) {
    out.abort();
    throw e;
  }
  return files.map((f) => path.join(out.dir, f.name));
}

function readText(dir: string, name: string): string {
  const p = path.join(dir, name);
  try {
    return fs.readFileSync(p, 'utf8');
  } catch {
    throw new InputError(`${p}: cannot be read (is ${dir} a sweep's output folder?)`);
  }
}

/** Reads a sweep or shard folder, checking its files agree with each other. */
export function readSweep(dir: string): SweepTable {
  const jsonPath = path.join(dir, 'sweep.json');
  let manifest: SweepManifest;
  try {
    manifest = JSON.parse(readText(dir, 'sweep.json')) as SweepManifest;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${jsonPath}: not valid JSON (${(e as Error).message})`);
  }
  if (manifest === null || typeof manifest !== 'object' || manifest.format !== MANIFEST_FORMAT) {
    throw new InputError(`${jsonPath}: not a ${MANIFEST_FORMAT} manifest`);
  }
  let shard: Shard;
  try {
    shard = parseShard(String(manifest.shard));
  } catch (e) {
    throw new InputError(`${jsonPath}: shard: ${(e as Error).message}`);
  }
  const csvPath = path.join(dir, 'sweep.csv');
  let table: string[][];
  try {
    table = parseCsv(readText(dir, 'sweep.csv'));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${csvPath}: ${(e as Error).message}`);
  }
  const columns = sweepColumns(paramColumns(manifest));
  const header = table[0] ?? [];
  if (header.join(',') !== columns.join(',')) throw new InputError(`${csvPath}: its columns are not those of this sweep (${manifest.set.length} parameters, then summary.csv's)`);
  const rows = table.slice(1);
  rows.forEach((r, i) => {
    if (r.length !== columns.length) throw new InputError(`${csvPath}:${i + 2}: ${r.length} cells, expected ${columns.length}`);
  });
  const expected = shardSize(manifest.runs, shard);
  if (rows.length !== expected || manifest.runs_in_shard !== expected) {
    throw new InputError(`${csvPath}: ${rows.length} runs, but shard ${shardText(shard)} of a ${manifest.runs}-run sweep has ${expected} (an interrupted or edited folder?)`);
  }
  return { manifest, columns, rows };
}

/**
 * Joins the folders of every shard of one sweep (in any order) into the whole sweep: rows back in
 * canonical order (run i comes from shard (i mod N) + 1), failures in run order.
 */
export function mergeSweeps(dirs: readonly string[], tables: readonly SweepTable[]): SweepTable {
  const first = tables[0];
  if (first === undefined) throw new InputError('merge needs the output folders of the shards to join');
  const rows = joinShards(tables.map((t, k) => ({ dir: dirs[k], manifest: t.manifest, rows: t.rows })), IDENTITY, 'sweep');
  const failures = tables.flatMap((t) => t.manifest.failures).sort((a, b) => a.run - b.run);
  const manifest: SweepManifest = { ...first.manifest, shard: '1/1', runs_in_shard: first.manifest.runs, failures };
  return { manifest, columns: first.columns, rows };
}
