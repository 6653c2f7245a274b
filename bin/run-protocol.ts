// Messages between `faultline run` and the thread it simulates on (bin/run-worker-main.ts).

import type { Scenario } from '../scenarios/format/scenario.ts';
import type { SummaryRow } from '../reports/summary-columns.ts';
import type { FaultRecord } from '../reports/measure/fault-timeline.ts';
import type { ExpectationResult } from '../reports/expectations.ts';
import type { PolicyVerdict } from '../scenarios/run.ts';
import type { HistoryMode } from './history-mode.ts';
import type { DomainRow } from '../reports/measure/timeseries-domains.ts';

export interface RunRequest {
  /** Loaded and validated by the main thread (plain data, copied to the worker). */
  scenario: Scenario;
  intervalUs: number;
  history: HistoryMode;
  check: boolean;
  /** The output folder as the user named it, for messages. */
  outDir: string;
  /** Where the files are written until the run has finished. */
  tempDir: string;
}

export type RunWorkerMessage =
  | { type: 'progress'; fraction: number }
  | { type: 'done'; summary: SummaryRow; faults: FaultRecord[]; faultRows: Record<string, unknown>[]; expectations: ExpectationResult[]; passed: boolean; policy: PolicyVerdict | null; domainSeries: DomainRow[]; regionRows: SummaryRow[]; crossRegionBytes: number; conflictsLost: number | null }
  | { type: 'failed'; error: { name: string; message: string; stack: string; code?: string } };
