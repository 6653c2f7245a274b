// The writer's epoch check before a read (read-fence.ts): it needs a read quorum of the PG's
// segments to say that no newer writer exists, so a newer writer's epoch on a write quorum of
// segments (what any write it acknowledged implies) is always found.
// The check is an option (writer_epoch_check, default off); these tests turn it on.
import { describe, expect, it } from 'vitest';
import { buildTopology } from '../../scenarios/run.ts';
import { loadText } from '../../test/bundled.ts';
import type { AuroraCluster } from './cluster.ts';
import type { FenceResult } from './read-fence.ts';

const YAML = `name: read-fence
seed: 1
duration: 10s
engine: { type: aurora, replicas: 1, writer_epoch_check: true }
workload:
  clients: 1
  rate: 10/s
  keys: { count: 100 }
`;

function cluster(): AuroraCluster {
  const c = buildTopology(loadText(YAML), 1).engine as AuroraCluster;
  c.sim.scheduler.runUntil(1_000_000);
  return c;
}

function confirm(c: AuroraCluster, pg: number): FenceResult | null {
  let result: FenceResult | null = null;
  c.control.writer!.writer!.fence.confirm(pg, (r) => (result = r));
  c.sim.scheduler.runUntil(c.sim.scheduler.now + 1_000_000);
  return result;
}

/** Gives `slots` of `pg` the epoch a newer writer would have left on them. */
function newerEpochOn(c: AuroraCluster, pg: number, slots: number[]): void {
  const newer = c.control.writer!.writer!.epoch + 1_000_000;
  for (const slot of slots) c.volume.pgs[pg].members[slot].segments.get(pg)!.epoch = newer;
}

describe('aurora > read fence', () => {
  it('confirms the writer when a read quorum of segments has seen no newer epoch', () => {
    expect(confirm(cluster(), 0)).toBe('ok');
  });

  it('finds a newer writer that reached any write quorum of the PG, whichever 4 segments it reached', () => {
    const quorums = [
      [0, 1, 2, 3],
      [2, 3, 4, 5],
      [0, 2, 4, 5],
      [1, 3, 4, 5],
    ];
    for (const slots of quorums) {
      const c = cluster();
      newerEpochOn(c, 3, slots);
      expect({ slots, result: confirm(c, 3) }).toEqual({ slots, result: 'deposed' });
    }
  });

  it('steps a fenced writer down when a read finds the newer epoch, and refuses that read', () => {
    const c = cluster();
    const old = c.control.writer!;
    newerEpochOn(c, 5, [0, 1, 2, 3, 4, 5]);
    // The control plane already moved on to another writer; the old one has not been told.
    c.control.writer = c.instances[1];
    let reply: unknown = null;
    const w = old.writer!;
    const pgOfKey = Array.from({ length: 100 }, (_, k) => k).find((k) => c.volume.pgOf(k) === 5)!;
    w.read({ req: { op: { kind: 'read', keyIndex: pgOfKey, sizeBytes: 0 } }, respond: (_b: number, r: unknown) => (reply = r) } as never, pgOfKey);
    c.sim.scheduler.runUntil(c.sim.scheduler.now + 1_000_000);
    expect(reply).toEqual({ ok: false, error: 'deposed', maybeApplied: false });
    expect(old.writer).toBeNull();
    expect(old.role).toBe('replica');
  });

  it('gives up, answering no read, when fewer than a read quorum of segments answer', () => {
    const c = cluster();
    const members = c.volume.pgs[2].members;
    for (const slot of [0, 2, 4, 5]) members[slot].node.crash();
    expect(confirm(c, 2)).toBe('unconfirmed');
  });
});
