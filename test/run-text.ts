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
