// A swarm's files: swarm.csv (one row per seed: its schedule, verdict, failed property and the
// figures behind it, the command that replays it), swarm.json (what was run, which shard, the
// failing seeds) and, per failing seed, seed-<n>.yaml (the scenario that reproduces it) and, when
// shrunk, seed-<n>-min.yaml. `faultline merge` joins the folders of a sharded swarm.
// Files are written under temporary names and renamed at the end (bin/output-dir.ts).

import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { csvHeader } from '../../reports/csv.ts';
import { OutputDir } from '../output-dir.ts';
import { InputError } from '../scenario-files.ts';
import { parseCsv } from '../sweep/csv-read.ts';
import { joinShards } from '../sweep/join-shards.ts';
import { parseShard, shardSize, shardText } from '../sweep/shard.ts';

export const SWARM_FORMAT = 'faultline-swarm/1';

export const SWARM_COLUMNS = [
  'seed',
  'faults',
  'kinds',
  'verdict',
  'failed_property',
  'exit_code',
  'detail',
  'label',
  'lost_writes',
  'rpo_s',
  'linearizable',
  'stale_reads',
  'write_outage_s',
  'liveness_writes',
  'liveness_writes_failed',
  'schedule',
] as const;

export interface SwarmFailure {
  seed: number;
  property: string;
  detail: string;
  /** The reproducing file, relative to the folder, and the command that runs it. */
  file: string;
  replay: string;
  /** The shrunk file, when shrunk, and its fault count. */
  min_file?: string;
  min_faults?: number;
}

export interface SwarmManifest {
  format: string;
  faultline: string;
  scenario: string;
  scenario_name: string;
  scenario_sha256: string;
  engine: string;
  seeds: string;
  faults: string[];
  within_tolerance: boolean;
  runs: number;
  shard: string;
  runs_in_shard: number;
  failures: SwarmFailure[];
}

const IDENTITY: readonly (keyof SwarmManifest)[] = ['format', 'faultline', 'scenario', 'scenario_name', 'scenario_sha256', 'seeds', 'faults', 'within_tolerance', 'runs'];

export interface SwarmTable {
  manifest: SwarmManifest;
  rows: string[][];
  /** Reproducing files by name (seed-<n>.yaml, seed-<n>-min.yaml). */
  files: Map<string, string>;
}

export function writeSwarm(dir: string, t: SwarmTable): string[] {
  const out = new OutputDir(dir);
  const names = ['swarm.csv', 'swarm.json', ...t.files.keys()];
  try {
    out.open('swarm.csv').write(csvHeader(SWARM_COLUMNS) + (t.rows.length === 0 ? '' : stringify(t.rows)));
    out.open('swarm.json').write(JSON.stringify(t.manifest, null, 2) + '\n');
    for (const [name, text] of t.files) out.open(name).write(text);
    out.commit();
  } catch (e) {
    out.abort();
    throw e;
  }
  return names.map((n) => path.join(dir, n));
}

/** Whether `dir` holds a swarm (rather than a sweep). */
export function isSwarmDir(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'swarm.json'));
}

export function readSwarm(dir: string): SwarmTable {
  const read = (name: string) => {
    try {
      return fs.readFileSync(path.join(dir, name), 'utf8');
    } catch {
      throw new InputError(`${path.join(dir, name)}: cannot be read (is ${dir} a swarm's output folder?)`);
    }
  };
  let manifest: SwarmManifest;
  try {
    manifest = JSON.parse(read('swarm.json')) as SwarmManifest;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${path.join(dir, 'swarm.json')}: not valid JSON (${(e as Error).message})`);
  }
  if (manifest?.format !== SWARM_FORMAT) throw new InputError(`${path.join(dir, 'swarm.json')}: not a ${SWARM_FORMAT} manifest`);
  const csvPath = path.join(dir, 'swarm.csv');
  const table = parseCsv(read('swarm.csv'));
  if ((table[0] ?? []).join(',') !== SWARM_COLUMNS.join(',')) throw new InputError(`${csvPath}: its columns are not a swarm's`);
  const rows = table.slice(1);
  const shard = parseShard(String(manifest.shard));
  const expected = shardSize(manifest.runs, shard);
  if (rows.length !== expected) throw new InputError(`${csvPath}: ${rows.length} runs, but shard ${shardText(shard)} of a ${manifest.runs}-run swarm has ${expected} (an interrupted or edited folder?)`);
  const files = new Map<string, string>();
  for (const f of manifest.failures) for (const name of [f.file, f.min_file]) if (name !== undefined) files.set(name, read(name));
  return { manifest, rows, files };
}

export function mergeSwarms(dirs: readonly string[], tables: readonly SwarmTable[]): SwarmTable {
  const rows = joinShards(tables.map((t, k) => ({ dir: dirs[k], manifest: t.manifest, rows: t.rows })), IDENTITY, 'swarm');
  const failures = tables.flatMap((t) => t.manifest.failures).sort((a, b) => a.seed - b.seed);
  const files = new Map<string, string>();
  for (const t of tables) for (const [k, v] of t.files) files.set(k, v);
  const manifest: SwarmManifest = { ...tables[0].manifest, shard: '1/1', runs_in_shard: tables[0].manifest.runs, failures };
  return { manifest, rows, files };
}
