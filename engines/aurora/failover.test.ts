// Failover and crash recovery (REFERENCE-FIGURES.md A16-A19): the outage is the sum of health-check
// detection, promotion (or re-creation), recovery of the volume by read quorum, DNS propagation
// and the clients' DNS cache; nothing acknowledged is lost, since every acknowledged write reached
// a write quorum and every recovery reads a read quorum.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../scenarios/run.ts';
import { loadBundled, loadText, withOptions, withRate } from '../../test/bundled.ts';
import type { Scenario } from '../../scenarios/format/scenario.ts';
import type { SimEvent } from '../../sim/event-log.ts';

const S = 1_000_000;
const seeds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

function run(s: Scenario): { summary: ReturnType<typeof runScenario>['summary']; events: SimEvent[] } {
  const events: SimEvent[] = [];
  const summary = runScenario(s, { sinks: { event: (e) => events.push(e) } }).summary;
  return { summary, events };
}

describe('aurora > failover', () => {
  const crashes = seeds.map((seed) => run(withRate(loadBundled('aurora-writer-crash', seed), 100)));

  it('restores writes after a writer crash in under 60 s for seeds 1..10, and under 30 s for most', () => {
    const outages = crashes.map((r) => r.summary.write_outage_s as number);
    for (const o of outages) expect(o).toBeLessThan(60);
    expect(outages.filter((o) => o < 30).length).toBeGreaterThanOrEqual(8);
    expect(new Set(outages).size).toBeGreaterThan(3);
  });

  it('detects the crash by health checks, then promotes a replica, then moves the DNS record; losing nothing', () => {
    for (const { summary, events } of crashes) {
      const order = events.filter((e) => ['failure-detected', 'failover-started', 'volume-recovered', 'promoted', 'dns-updated'].includes(e.kind)).map((e) => e.kind);
      expect(order.slice(0, 5)).toEqual(['failure-detected', 'failover-started', 'volume-recovered', 'promoted', 'dns-updated']);
      expect(summary.detection_s as number).toBeGreaterThan(0);
      expect(summary.failover_s as number).toBeGreaterThan(summary.detection_s as number);
      expect(summary.lost_writes).toBe(0);
      expect(summary.stale_reads).toBe(0);
    }
  });

  it('lengthens the failover by what a slower promotion adds', () => {
    const failover = (promotion: number) =>
      seeds.slice(0, 4).map((seed) => run(withOptions(withRate(loadBundled('aurora-writer-crash', seed), 50), { promotion: { kind: 'constant', value: promotion } })).summary.failover_s as number);
    const fast = failover(5 * S);
    const slow = failover(25 * S);
    slow.forEach((f, i) => expect(f - fast[i]).toBeCloseTo(20, 0));
  });

  it('promotes a tier-1 replica before a low-priority one, and the low-priority one only when no other is healthy', () => {
    const s = withOptions(withRate(loadBundled('aurora-writer-crash', 1), 50), { replicas: 3, low_priority_replicas: 1 });
    for (const seed of seeds.slice(0, 4)) {
      const promoted = run({ ...s, seed }).events.find((e) => e.kind === 'promoted')?.node;
      expect(['instance-2', 'instance-3']).toContain(promoted);
    }
    const tierOneDown: Scenario = {
      ...s,
      faults: [{ atUs: 10 * S, kind: 'crash', target: { node: 'instance-2' } }, { atUs: 10 * S, kind: 'crash', target: { node: 'instance-3' } }, ...s.faults],
    };
    expect(run(tierOneDown).events.find((e) => e.kind === 'promoted')?.node).toBe('instance-4');
  });

  it("fences a cut-off writer: a replica is promoted under a new epoch, the old writer rejoins as a replica, nothing is lost", () => {
    const base = withRate(loadBundled('aurora-writer-crash', 1), 200);
    const s: Scenario = { ...base, faults: [{ atUs: 40 * S, forUs: 60 * S, kind: 'partition', sides: [['az-a'], ['az-b', 'az-c']], oneWay: false }] };
    const { summary, events } = run(s);
    const kinds = events.map((e) => e.kind);
    expect(kinds).toContain('volume-unavailable');
    expect(kinds).toContain('promoted');
    expect(events.find((e) => e.kind === 'rejoined')?.node).toBe('instance-1');
    expect(summary.lost_writes).toBe(0);
    expect(summary.stale_reads).toBe(0);
  });

  it('restarts a writer that storage fenced while the control plane could not reach it: clients reconnect to the new writer', () => {
    // The control plane is cut off from az-a (the writer's AZ) for 2 minutes; the writer still
    // reaches its volume, so it writes until the promoted replica's recovery fences storage.
    // Before: the fenced writer kept its clients' connections, answering every write with an
    // error that keeps a connection, until the partition healed (a write outage of ~110 s).
    const base = withRate(loadBundled('aurora-writer-crash', 1), 200);
    const s: Scenario = { ...base, faults: [{ atUs: 40 * S, forUs: 120 * S, kind: 'partition', sides: [['control-plane'], ['az-a']], oneWay: false }] };
    const { summary, events } = run(s);
    const fenced = events.filter((e) => e.kind === 'stepped-down');
    expect(fenced.map((e) => e.node)).toEqual(['instance-1']);
    const promoted = events.find((e) => e.kind === 'promoted')!;
    expect(fenced[0].timeUs).toBeGreaterThan(promoted.timeUs - S);
    // Bounded by detection, promotion, DNS propagation and the clients' DNS TTL, not the partition.
    expect(summary.write_outage_s as number).toBeLessThan(30);
    expect(summary.lost_writes).toBe(0);
    expect(summary.stale_reads).toBe(0);
    // Once the control plane hears it again (down since its restart), it starts it as a replica.
    const rejoined = events.filter((e) => e.kind === 'rejoined' && e.node === 'instance-1');
    expect(rejoined).toHaveLength(1);
    expect(rejoined[0].timeUs).toBeGreaterThan(160 * S);
  });

  it('promotes the first replica back when the one being promoted crashed and no other was healthy (swarm-aurora seed 14, beyond tolerance)', () => {
    // The writer restarts; the replica chosen to replace it crashes during its promotion, while
    // the other is still starting. Before, the cluster stayed without a writer for good.
    const { summary, events } = run(
      loadText(`
name: aurora-promotion-lost
seed: 14
duration: 147s
warmup: 10s
settle: 30s
engine: { type: aurora, replicas: 2 }
workload:
  clients: 1
  rate: 50/s
  mix: { read: 0.5, write: 0.5 }
  read_consistency: strong
  keys: { count: 1000, distribution: uniform }
  retry: { attempts: 3, backoff: 50ms, max_backoff: 2s }
faults:
  - { at: 57251ms, kind: restart, target: { role: writer }, for: 8568ms }
  - { at: 65627ms, kind: crash, target: { role: replica }, for: 1331ms }
`),
    );
    expect(events.some((e) => e.kind === 'failover-impossible')).toBe(true);
    const promoted = events.filter((e) => e.kind === 'promoted' && e.timeUs > 65 * S);
    expect(promoted).toHaveLength(1);
    expect(summary.write_outage_s as number).toBeLessThan(30);
    expect(summary.lost_writes).toBe(0);
  });
});
