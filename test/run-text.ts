// Every output of one in-process run as one text (time-series rows, history events, engine events,
// summary, fault rows, violation, per-domain series), for tests that compare two ways of running
// the same scenario (a log dropped early or never) byte for byte.
import { runScenario } from '../scenarios/run.ts';
import type { Scenario } from '../scenarios/format/scenario.ts';

export function runText(s: Scenario): string {
  const lines: string[] = [];
  const r = runScenario(s, {
    sinks: {
      timeseries: (row) => lines.push(JSON.stringify(row)),
      history: (e, client) => lines.push(`${client} ${e.type} ${e.timeUs} ${e.op.kind} ${e.op.keyIndex} ${e.value ?? ''}`),
      event: (e) => lines.push(JSON.stringify(e)),
    },
  });
  lines.push(JSON.stringify(r.summary), JSON.stringify(r.faultRows), String(r.violation), JSON.stringify(r.domainSeries));
  return lines.join('\n');
}

/** A trim's tuning knobs (a log or stored history dropped once this many records settled), as the engines export them for tests. */
export interface TrimTuning {
  minRecords: number;
  droppedRecords: number;
}

/** runText with `tuning.minRecords` set, and how many records the trim dropped during the run. */
export function runTextTrimmed(s: Scenario, tuning: TrimTuning, minRecords: number): { text: string; dropped: number } {
  tuning.minRecords = minRecords;
  const before = tuning.droppedRecords;
  const text = runText(s);
  return { text, dropped: tuning.droppedRecords - before };
}
