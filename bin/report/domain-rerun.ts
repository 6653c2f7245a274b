// `faultline report --scenario S` recovers the per-domain and per-replica figures of a run
// (which are not in its folder) by simulating S again at the folder's seed: the simulator is
// deterministic, so the same scenario and seed give the same figures. The rerun skips the
// linearizability check and writes nothing; when its summary disagrees with the folder's (the
// run had --set flags, or another version of the scenario) the figures are not used.

import { intervalS } from './run-charts.ts';
import type { RunFolder } from './run-folder.ts';
import type { Scenario } from '../../scenarios/format/scenario.ts';
import { runScenario } from '../../scenarios/run.ts';
import type { DomainRow } from '../../reports/measure/timeseries-domains.ts';

/** The summary cells a rerun must reproduce for its figures to be the run's. */
const MUST_MATCH = ['ops', 'reads', 'writes', 'lost_writes', 'write_outage_s'] as const;

export function rerunDomainSeries(f: RunFolder, s: Scenario): DomainRow[] | null {
  const seed = f.summary.seed;
  if (typeof seed !== 'number') return null;
  const r = runScenario({ ...s, seed }, { intervalUs: Math.round(intervalS(f.timeseries.rows) * 1e6), checkLinearizability: false });
  const row = r.summary as unknown as Record<string, unknown>;
  const same = MUST_MATCH.every((c) => f.summary[c] === undefined || (row[c] ?? null) === f.summary[c]);
  return same ? r.domainSeries : null;
}
