// Recovery without a failover (REFERENCE-FIGURES.md A16, A18): a writer that restarts runs crash
// recovery (engine start, then recovery of the volume by read quorum); with no replica to promote
// a failed writer is re-created on a new host. Storage keeps every acknowledged write either way.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../scenarios/run.ts';
import { loadBundled, withRate } from '../../test/bundled.ts';
import type { Scenario } from '../../scenarios/format/scenario.ts';
import type { SimEvent } from '../../sim/event-log.ts';

const seeds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

function run(s: Scenario): { summary: ReturnType<typeof runScenario>['summary']; events: SimEvent[] } {
  const events: SimEvent[] = [];
  const summary = runScenario(s, { sinks: { event: (e) => events.push(e) } }).summary;
  return { summary, events };
}

describe('aurora > crash recovery', () => {
  it('re-creates the writer in under 10 minutes when there is no replica to promote', () => {
    for (const seed of seeds.slice(0, 4)) {
      const { summary, events } = run(withRate(loadBundled('aurora-writer-crash-no-replica', seed), 20));
      expect(summary.write_outage_s as number).toBeLessThan(600);
      expect(summary.write_outage_s as number).toBeGreaterThan(180);
      expect(summary.lost_writes).toBe(0);
      expect(events.map((e) => e.kind)).toContain('instance-replaced');
      expect(events.map((e) => e.kind)).not.toContain('promoted');
    }
  });

  it('recovers from a writer restart without failover in under 10 s', () => {
    for (const seed of seeds) {
      const { summary, events } = run(withRate(loadBundled('aurora-writer-restart', seed), 100));
      expect(summary.write_outage_s as number).toBeLessThan(10);
      expect(summary.write_outage_s as number).toBeGreaterThan(1);
      expect(summary.lost_writes).toBe(0);
      expect(events.map((e) => e.kind)).toContain('recovered');
      expect(events.map((e) => e.kind)).not.toContain('failover-started');
    }
  });

});
