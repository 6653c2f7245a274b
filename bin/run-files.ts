// One run of a scenario written as `faultline run` writes it: the streaming files while it goes
// (history.jsonl or history.jsonl.gz, timeseries.csv, events.csv), then faults.csv, violation.txt
// when the history is not linearizable, and summary.csv (with --history sample=N, two columns
// after the others say that history.jsonl is a sample and of how many keys). The run thread writes them to disk; the output digest test
// hashes them, so the digests it keeps are those of the files users get.

import { runScenario, type RunResult, type RunSinks } from '../scenarios/run.ts';
import type { Scenario } from '../scenarios/format/scenario.ts';
import { SUMMARY_COLUMNS } from '../reports/summary-columns.ts';
import { csvHeader, csvRows } from '../reports/csv.ts';
import { POLICY_SUMMARY_COLUMNS, policySummaryCells } from '../reports/policy/fault-compliance.ts';
import { runOutputs, type HistorySample, type TextOut } from './run-outputs.ts';
import type { HistoryMode } from './history-mode.ts';

export interface RunFilesOptions {
  intervalUs: number;
  history: HistoryMode;
  check: boolean;
  progress?: RunSinks['progress'];
}

/** Runs `s` and writes its files through `open` (one call per file, in the order written). */
export function runToFiles(s: Scenario, o: RunFilesOptions, open: (name: string) => TextOut): RunResult {
  const outputs = runOutputs(open, o.history, s.seed);
  const result = runScenario(s, {
    intervalUs: o.intervalUs,
    checkLinearizability: o.check,
    sinks: { ...outputs.sinks, progress: o.progress },
  });
  outputs.finish(result.faultRows, result.violation, result.faultColumns);
  const summary = open('summary.csv');
  // With a policy, its verdict follows the standard columns (which keep their places).
  const sample = outputs.sample();
  // With regions, the bytes that crossed between them (the transfer AWS bills) follow every other column.
  // A global table's conflicts lost to last writer wins after that.
  const regions = result.regionRows.length > 0;
  const conflicts = result.conflictsLost !== null;
  const columns = [
    ...SUMMARY_COLUMNS,
    ...(result.policy === null ? [] : POLICY_SUMMARY_COLUMNS),
    ...(sample === null ? [] : HISTORY_SAMPLE_COLUMNS),
    ...(regions ? REGION_SUMMARY_COLUMNS : []),
    ...(conflicts ? GLOBAL_TABLE_SUMMARY_COLUMNS : []),
  ];
  summary.write(csvHeader(columns));
  const extra = { ...(regions ? { network_bytes_cross_region: result.crossRegionBytes } : {}), ...(conflicts ? { conflicts_lost: result.conflictsLost } : {}) };
  summary.write(csvRows(columns, [{ ...result.summary, ...policySummaryCells(result.policy), ...sampleCells(sample), ...extra }]));
  // With named workloads, one row each after the overall one.
  if (result.workloadRows.length > 0) summary.write(csvRows(columns, result.workloadRows));
  // With regions, one row each after those.
  if (result.regionRows.length > 0) summary.write(csvRows(columns, result.regionRows));
  return result;
}

/** Present only with `regions:`, last: bytes sent between regions after the warm-up (the run's row; empty in the others). */
export const REGION_SUMMARY_COLUMNS = ['network_bytes_cross_region'] as const;

/** Present only for a DynamoDB global table, last: its acknowledged writes lost to last writer wins over the whole run, as lost_writes counts (the run's row). */
export const GLOBAL_TABLE_SUMMARY_COLUMNS = ['conflicts_lost'] as const;

/** Present only with --history sample=N, after every other column. */
export const HISTORY_SAMPLE_COLUMNS = ['history_sample_one_key_in', 'history_sample_keys'] as const;

function sampleCells(s: HistorySample | null): Record<string, unknown> {
  return s === null ? {} : { history_sample_one_key_in: s.everyKeys, history_sample_keys: `${s.keptKeys} of ${s.seenKeys}` };
}
