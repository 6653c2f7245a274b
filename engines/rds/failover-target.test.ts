// The control plane chooses a Multi-AZ DB cluster's failover target from what it heard: a reader's
// position counts once that reader answered a health check after the writer stopped answering.
// Health checks: every 5 s, 2 s timeout, 3 failures; so the writer's failure is declared 17 s
// after the last check it answered, and a reader's position is final from 7 s after that check.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../scenarios/run.ts';
import { loadBundled, withRate } from '../../test/bundled.ts';
import type { Scenario } from '../../scenarios/format/scenario.ts';
import type { SimEvent } from '../../sim/event-log.ts';

const S = 1_000_000;

function events(s: Scenario): { ev: SimEvent[]; lost: number } {
  const ev: SimEvent[] = [];
  const r = runScenario(s, { sinks: { event: (e) => ev.push(e) } });
  return { ev, lost: r.summary.lost_writes as number };
}

// The writer db-1 crashes at 40 s for 30 s; a reader is promoted.
const base = withRate(loadBundled('rds-cluster-writer-crash', 1), 200);
const detectedUs = events(base).ev.find((e) => e.kind === 'failure-detected' && e.node === 'db-1')!.timeUs;

describe('rds > multi-az-cluster > failover target', () => {
  it('does not promote while a reader in sync has not answered since the writer stopped, though it holds every write', () => {
    // The control plane hears nothing from db-3 from just before its position would be final
    // until just after the writer's failure is declared: two of db-3's checks fail, not three.
    const fromUs = detectedUs - 10 * S - 200_000;
    const untilUs = detectedUs + 200_000;
    const cut: Scenario = { ...base, faults: [...base.faults, { atUs: fromUs, forUs: untilUs - fromUs, kind: 'partition', sides: [['rds-control-plane'], ['db-3']], oneWay: false }] };
    const { ev, lost } = events(cut);
    const of = (kind: string) => ev.filter((e) => e.kind === kind && e.timeUs > 40 * S);
    expect(of('failure-detected').map((e) => e.node)).toEqual(['db-1']);
    const impossible = of('failover-impossible');
    expect(impossible.map((e) => e.detail)).toEqual([expect.stringContaining('db-3')]);
    // The failover goes ahead on db-3's first answer after the partition (within one interval).
    const started = of('failover-started');
    expect(started.length).toBe(1);
    expect(started[0].timeUs).toBeGreaterThan(untilUs);
    expect(started[0].timeUs).toBeLessThan(untilUs + 5 * S + 1);
    expect(lost).toBe(0);
  });
});
