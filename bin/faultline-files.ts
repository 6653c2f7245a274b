// The names of the files faultline writes in an output folder. A folder holding only these (and
// temporary files of runs that died) is faultline's to replace; anything else is the user's, and
// a run refuses to replace a folder holding it.

import fs from 'node:fs';
import { pidAlive } from './folder-lock.ts';

export const RUN_FILES = ['summary.csv', 'timeseries.csv', 'events.csv', 'faults.csv', 'history.jsonl', 'history.jsonl.gz', 'violation.txt', 'report.html'] as const;
export const SWEEP_FILES = ['sweep.csv', 'aggregate.csv', 'sweep.json', 'report.html', 'policy.json', 'policy-runs.csv', 'policy.csv'] as const;
export const SWARM_FILES = ['swarm.csv', 'swarm.json'] as const;
export const COMPARE_FILES = ['compare.csv', 'compare.html'] as const;
/** A swarm's reproducing files: seed-<n>.yaml and its shrunk seed-<n>-min.yaml. */
const SWARM_SEED_FILE = /^seed-\d+(-min)?\.yaml$/;

/** What any faultline command may have written in an output folder (commands may add their own). */
export const FAULTLINE_FILES: readonly string[] = [...new Set<string>([...RUN_FILES, ...SWEEP_FILES, ...SWARM_FILES, ...COMPARE_FILES])];

/** `.<file>.<pid>.tmp`: a file an older version of faultline wrote in place before renaming it. */
const IN_PLACE_TEMP = /^\..+\.(\d+)\.tmp$/;

/** The pid in an in-place temporary file's name, or null for any other name. */
export function inPlaceTempPid(name: string): number | null {
  const m = IN_PLACE_TEMP.exec(name);
  return m === null ? null : Number(m[1]);
}

/** Entries of `dir` that faultline did not write (none when `dir` does not exist). */
export function foreignEntries(dir: string, owned: readonly string[] = FAULTLINE_FILES): string[] {
  let names: fs.Dirent[];
  try {
    names = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  return names.filter((d) => !(d.isFile() && (owned.includes(d.name) || SWARM_SEED_FILE.test(d.name) || inPlaceTempPid(d.name) !== null))).map((d) => d.name).sort();
}

/** Removes in-place temporary files of runs no longer alive from `dir`. */
export function removeDeadInPlaceTemps(dir: string): void {
  if (!fs.existsSync(dir)) return;
  for (const name of fs.readdirSync(dir)) {
    const pid = inPlaceTempPid(name);
    if (pid !== null && !pidAlive(pid)) fs.rmSync(`${dir}/${name}`, { force: true });
  }
}
