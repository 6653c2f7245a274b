// One run of a scenario written as `faultline run` writes it: the streaming files while it goes
// (history.jsonl, timeseries.csv, events.csv), then faults.csv, violation.txt when the history is
// not linearizable, and summary.csv. The run thread writes them to disk; the output digest test
// hashes them, so the digests it keeps are those of the files users get.

import { runScenario, type RunResult, type RunSinks } from '../scenarios/run.ts';
import type { Scenario } from '../scenarios/format/scenario.ts';
import { SUMMARY_COLUMNS } from '../reports/summary-columns.ts';
import { csvHeader, csvRows } from '../reports/csv.ts';
import { POLICY_SUMMARY_COLUMNS, policySummaryCells } from '../reports/policy/fault-compliance.ts';
import { runOutputs, type TextOut } from './run-outputs.ts';

export interface RunFilesOptions {
  intervalUs: number;
  history: boolean;
  check: boolean;
  progress?: RunSinks['progress'];
}

/** Runs `s` and writes its files through `open` (one call per file, in the order written). */
export function runToFiles(s: Scenario, o: RunFilesOptions, open: (name: string) => TextOut): RunResult {
  const outputs = runOutputs(open, o.history);
  const result = runScenario(s, {
    intervalUs: o.intervalUs,
    checkLinearizability: o.check,
    sinks: { ...outputs.sinks, progress: o.progress },
  });
  outputs.finish(result.faultRows, result.violation, result.faultColumns);
  const summary = open('summary.csv');
  // With a policy, its verdict follows the standard columns (which keep their places).
  const columns = result.policy === null ? SUMMARY_COLUMNS : [...SUMMARY_COLUMNS, ...POLICY_SUMMARY_COLUMNS];
  summary.write(csvHeader(columns));
  summary.write(csvRows(columns, [{ ...result.summary, ...policySummaryCells(result.policy) }]));
  return result;
}
