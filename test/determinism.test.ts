// Same scenario + same seed => byte-identical outputs; another seed => another history.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../scenarios/run.ts';
import { csvRows } from '../reports/csv.ts';
import { historyLine } from '../reports/history-jsonl.ts';
import { eventRow, EVENT_COLUMNS } from '../reports/events-table.ts';
import { TIMESERIES_COLUMNS } from '../reports/timeseries-columns.ts';
import { SUMMARY_COLUMNS } from '../reports/summary-columns.ts';
import { bundledNames, loadBundled, withRate } from './bundled.ts';

/** Digests of the four outputs of one run. */
function digests(name: string, seed: number): Record<string, string> {
  const h = { history: createHash('sha256'), timeseries: createHash('sha256'), events: createHash('sha256'), summary: createHash('sha256') };
  const s = loadBundled(name, seed);
  // A lighter load keeps the suite fast; determinism does not depend on the rate.
  const r = runScenario(withRate(s, Math.min(300, s.workload.load.kind === 'open' ? s.workload.load.ratePerS : 300)), {
    sinks: {
      history: (e, c) => h.history.update(historyLine(e, c)),
      timeseries: (row) => h.timeseries.update(csvRows([...TIMESERIES_COLUMNS, ...Object.keys(row)], [row])),
      event: (e) => h.events.update(csvRows(EVENT_COLUMNS, [eventRow(e)])),
    },
  });
  h.summary.update(csvRows(SUMMARY_COLUMNS, [r.summary]));
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k, v.digest('hex')]));
}

describe('determinism', () => {
  for (const name of bundledNames()) {
    it(`${name} gives byte-identical outputs for the same seed, and another history for another seed`, () => {
      const a = digests(name, 7);
      const b = digests(name, 7);
      expect(b).toEqual(a);
      expect(digests(name, 8).history).not.toEqual(a.history);
    });
  }
});
