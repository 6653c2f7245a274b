// Per-PG quorums and segment repair (REFERENCE-FIGURES.md A4, A6, note N1): with many protection
// groups an AZ + 1 failure only costs the write quorum of the PGs with a segment on the extra node,
// and replacing that node (copying its segments to other nodes of its AZ) restores it.
import { describe, expect, it } from 'vitest';
import { buildTopology, runScenario } from '../../scenarios/run.ts';
import { loadBundled, loadText, withOptions, withRate } from '../../test/bundled.ts';
import type { Scenario } from '../../scenarios/format/scenario.ts';
import type { SimEvent } from '../../sim/event-log.ts';
import type { HistoryEvent } from '../../sim/history.ts';
import type { AuroraCluster } from './cluster.ts';

const S = 1_000_000;

/** Writes invoked in [fromUs, toUs), split by whether their key's PG has a segment on `node`. */
function writesByPg(s: Scenario, node: string, fromUs: number, toUs: number) {
  const volume = (buildTopology(s, s.seed).engine as AuroraCluster).volume;
  const affected = (k: number) => volume.pgs[volume.pgOf(k)].members.some((m) => m.name === node);
  const tally = { affected: { ok: 0, all: 0 }, other: { ok: 0, all: 0 } };
  const events: SimEvent[] = [];
  const r = runScenario(s, {
    sinks: {
      history: (e: HistoryEvent) => {
        if (e.type === 'invoke' || e.op.kind !== 'write' || e.op.invokeUs < fromUs || e.op.invokeUs >= toUs) return;
        const t = affected(e.op.keyIndex) ? tally.affected : tally.other;
        t.all++;
        if (e.type === 'ok') t.ok++;
      },
      event: (e) => events.push(e),
    },
  });
  return { tally, events, summary: r.summary };
}

const AZ_PLUS_ONE = `
name: az-plus-one-pgs
duration: 30s
warmup: 7s
settle: 30s
engine:
  type: aurora
  replicas: 0
  writer_az: az-c
  storage_replace_after: 1h
workload:
  clients: 6
  rate: 300/s
  mix: { read: 0.5, write: 0.5 }
  keys: { count: 2000, distribution: uniform }
faults:
  - { at: 5s, kind: crash, target: { role: storage, az: az-a } }
  - { at: 5s, kind: crash, target: { role: storage, az: az-b, index: 0 } }
`;

/** Per repair, copy time (start to `repaired`, s); copies per target and per source. */
function copies(events: SimEvent[]) {
  const started = new Map<string, number>();
  const took: number[] = [];
  const into = new Map<string, number>();
  const perSource = new Map<string, number>();
  for (const e of events) {
    const seg = /^(pg-\d+ segment \d+)/.exec(e.detail ?? '')?.[1];
    if (seg === undefined) continue;
    if (e.kind === 'repair-started') {
      started.set(seg, e.timeUs);
      const from = /from (\S+)/.exec(e.detail!)![1];
      perSource.set(from, (perSource.get(from) ?? 0) + 1);
    }
    if (e.kind === 'repaired') {
      took.push((e.timeUs - started.get(seg)!) / S);
      into.set(e.node!, (into.get(e.node!) ?? 0) + 1);
    }
  }
  return { took, into, perSource, sources: new Set(perSource.keys()) };
}

/** Crashes storage-az-b-1 at 3 s in a light workload; it is replaced 5 s after detection. */
function repairNode(o: { protectionGroups: number; nodesPerAz: number; extraFault?: string }) {
  const s = loadText(`
name: whole-node-repair
duration: 90s
warmup: 2s
settle: 10s
engine: { type: aurora, replicas: 0, writer_az: az-c, storage_replace_after: 5s, protection_groups: ${o.protectionGroups}, storage_nodes_per_az: ${o.nodesPerAz} }
workload:
  clients: 2
  rate: 20/s
  mix: { read: 0.5, write: 0.5 }
  keys: { count: 200, distribution: uniform }
faults:
  - { at: 3s, kind: crash, target: { node: storage-az-b-1 } }
${o.extraFault ?? ''}
`);
  const events: SimEvent[] = [];
  runScenario(s, { sinks: { event: (e) => events.push(e) } });
  return { events };
}

describe('aurora > repair', () => {
  it('refuses writes after an AZ + 1 failure only in the protection groups with a segment on the extra node', () => {
    const { tally, summary } = writesByPg(loadText(AZ_PLUS_ONE), 'storage-az-b-1', 7 * S, 30 * S);
    // 16 PGs over 4 nodes per AZ: the extra node holds segments of half of them.
    expect(tally.affected.all).toBeGreaterThan(500);
    expect(tally.other.all).toBeGreaterThan(500);
    expect(tally.affected.ok).toBe(0);
    expect(tally.other.ok / tally.other.all).toBeGreaterThanOrEqual(0.999);
    expect(summary.availability_read as number).toBeGreaterThanOrEqual(0.999);
    expect(summary.lost_writes).toBe(0);
  });

  it('re-replicates a failed node\'s segments in its AZ, sharing the receiving nodes\' links, and writes resume', () => {
    const copyTimes = (bandwidth: number) => {
      const s = withOptions(withRate(loadBundled('aurora-az-plus-one', 1), 200), { repair_bandwidth: bandwidth });
      const { tally, events } = writesByPg(s, 'storage-az-b-1', 95 * S, 160 * S);
      const { took, into } = copies(events);
      const lastRepair = Math.max(...events.filter((e) => e.kind === 'repaired').map((e) => e.timeUs));
      const recovered = events.find((e) => e.kind === 'recovered' && e.timeUs >= lastRepair);
      return { took, into, tally, recovered, repairs: took.length, impossible: events.filter((e) => e.kind === 'repair-impossible').length };
    };
    const tenGbit = copyTimes(10e9);
    // The 8 segments of the extra node move to the 2 nodes of az-b that hold no copy of their
    // PGs; az-a's cannot move.
    expect(tenGbit.repairs).toBe(8);
    expect(tenGbit.impossible).toBe(4);
    expect([...tenGbit.into.values()]).toEqual([4, 4]);
    // Four copies share each target's 10 Gbit/s inbound link: each takes 4 x 8.6 s (the time
    // one 10 GB segment takes alone, the paper's "about 10 s"), plus a round trip.
    for (const t of tenGbit.took) expect(t).toBeCloseTo((4 * (10 * 1024 ** 3)) / 1.25e9, 1);
    expect(tenGbit.recovered).toBeDefined();
    // Long after the repair, writes to the repaired PGs succeed again.
    expect(tenGbit.tally.affected.ok / tenGbit.tally.affected.all).toBeGreaterThanOrEqual(0.999);
    const twentyGbit = copyTimes(20e9);
    for (const t of twentyGbit.took) expect(t).toBeCloseTo((4 * (10 * 1024 ** 3)) / 2.5e9, 1);
  });

  it('repairs a node holding one segment in size / bandwidth: 10 GB at 10 Gbit/s in about 10 s', () => {
    const { events } = repairNode({ protectionGroups: 2, nodesPerAz: 4 });
    const { took, sources } = copies(events);
    expect(took).toHaveLength(1);
    expect(took[0]).toBeCloseTo((10 * 1024 ** 3) / 1.25e9, 1);
    expect(took[0]).toBeLessThanOrEqual(10);
    expect(sources.size).toBe(1);
  });

  it('takes longer to repair a whole node the more segments it holds, bounded by the links of the nodes receiving them', () => {
    const alone = (10 * 1024 ** 3) / 1.25e9;
    const whole = (protectionGroups: number, nodesPerAz: number) => {
      const { events } = repairNode({ protectionGroups, nodesPerAz });
      const c = copies(events);
      return { ...c, segments: c.took.length, wholeS: Math.max(...c.took) };
    };
    // 4 nodes per AZ: a PG's 2 segments of an AZ are on neighbours, so a lost node's segments can
    // only go to the 2 nodes that hold no copy of their PGs.
    const n4 = whole(8, 4);
    const n16 = whole(32, 4);
    expect(n4.segments).toBe(4);
    expect(n16.segments).toBe(16);
    // Each target receives half of them, one after another's worth of its inbound link.
    expect(n4.wholeS).toBeCloseTo((4 / 2) * alone, 0);
    expect(n16.wholeS).toBeCloseTo((16 / 2) * alone, 0);
    // The copies come from several peers, not all from one.
    expect(n16.sources.size).toBeGreaterThanOrEqual(3);
    for (const n of n16.perSource.values()) expect(n).toBeLessThan(16 / 2);
    // More nodes per AZ: the same 4 segments spread over more targets and repair at once.
    const wide = whole(16, 8);
    expect(wide.segments).toBe(4);
    expect(wide.into.size).toBe(4);
    expect(wide.wholeS).toBeCloseTo(alone, 1);
  });

  it('restarts a copy whose source crashed from another peer, and the segment moves only when the restarted copy arrives', () => {
    const first = repairNode({ protectionGroups: 2, nodesPerAz: 4 });
    const start = first.events.find((e) => e.kind === 'repair-started')!;
    const source = /from (\S+)/.exec(start.detail!)![1];
    // The source dies 4 s into the 8.6 s copy.
    const crashAtS = start.timeUs / S + 4;
    const { events } = repairNode({ protectionGroups: 2, nodesPerAz: 4, extraFault: `  - { at: ${crashAtS.toFixed(3)}s, kind: crash, target: { node: ${source} } }` });
    const lost = 'storage-az-b-1';
    const starts = events.filter((e) => e.kind === 'repair-started' && (e.detail ?? '').includes(`of ${lost}:`));
    const repaired = events.filter((e) => e.kind === 'repaired' && (e.detail ?? '').includes(`(was ${lost})`));
    expect(starts).toHaveLength(2);
    const second = /from (\S+)/.exec(starts[1].detail!)![1];
    expect(second).not.toBe(source);
    // Restarted after storage_timeout of silence, from scratch: one whole copy time after that.
    expect(starts[1].timeUs / S - crashAtS).toBeCloseTo(0.1, 2);
    expect(repaired).toHaveLength(1);
    expect((repaired[0].timeUs - starts[1].timeUs) / S).toBeCloseTo((10 * 1024 ** 3) / 1.25e9, 1);
  });

  it('repairs two segments of one protection group lost in one AZ onto two different nodes (swarm-aurora seed 318)', () => {
    // storage-az-a-1 and -a-2 hold the two az-a segments of pg-0; both fail at once, and both
    // repairs start together: neither target may be the other's. (16 copies into the 2 other
    // nodes of az-a take 8 x 8.6 s: the run is long enough for them.)
    const s = loadText(`
name: two-segments-one-pg
duration: 100s
warmup: 2s
settle: 10s
engine: { type: aurora, replicas: 0, writer_az: az-c, storage_replace_after: 5s }
workload:
  clients: 2
  rate: 50/s
  mix: { read: 0.5, write: 0.5 }
  keys: { count: 200, distribution: uniform }
faults:
  - { at: 3s, kind: crash, target: { node: storage-az-a-1 } }
  - { at: 3s, kind: crash, target: { node: storage-az-a-2 } }
`);
    const events: SimEvent[] = [];
    runScenario(s, { sinks: { event: (e) => events.push(e) } });
    const repairedPg0 = events.filter((e) => e.kind === 'repaired' && /^pg-0 segment [01] /.test(e.detail ?? '')).map((e) => e.node);
    expect(repairedPg0).toHaveLength(2);
    expect(new Set(repairedPg0).size).toBe(2);
  });
});
