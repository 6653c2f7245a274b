// A writer's attach and the epoch a follower fences with travel as messages: a follower cut off
// from the writer keeps its log and its leader until the attach reaches it, and it refuses an
// older epoch's writer once a message told it of a newer one. Built on a Multi-AZ DB cluster
// (db-1 writer, db-2 and db-3 readers) driven by hand: writes go straight to the writer's
// stream, and health checks are slowed to once a minute so the control plane stays out of it.
import { describe, expect, it } from 'vitest';
import { buildTopology } from '../../scenarios/run.ts';
import { loadBundled, withOptions } from '../../test/bundled.ts';
import { membership } from '../../sim/link-rules.ts';
import type { RdsCluster } from './cluster.ts';
import type { DbInstance } from './instance.ts';
import type { LogEntry } from './log-entry.ts';

const S = 1_000_000;

function deployment() {
  const s = withOptions(loadBundled('rds-cluster-writer-crash', 1), { health_check_interval: 60 * S });
  const { sim, engine } = buildTopology(s, 1);
  const [db1, db2, db3] = (engine as RdsCluster).instances;
  let value = 1;
  /** `n` client writes on `w` (their replies go nowhere). */
  const write = (w: DbInstance, n: number) => {
    for (let i = 0; i < n; i++) w.stream!.write(0, value++, 100, { respond: () => {} } as never);
  };
  /** Blocks both directions between `a` and `b`; returns the heal. */
  const cut = (a: DbInstance, b: DbInstance) => {
    const n = sim.network.endpoints.length;
    const rules = sim.network.rules;
    const ab = rules.add('block', membership(n, [a.node.id]), membership(n, [b.node.id]));
    const ba = rules.add('block', membership(n, [b.node.id]), membership(n, [a.node.id]));
    return () => {
      rules.remove(ab);
      rules.remove(ba);
    };
  };
  const runTo = (s: number) => sim.scheduler.runUntil(s * S);
  return { db1, db2, db3, write, cut, runTo };
}

/** A record no writer made, durable on `inst`: a tail the writer's log does not share. */
function divergedTail(inst: DbInstance): LogEntry {
  const e: LogEntry = { lsn: inst.data.lastLsn + 1, epoch: 1, origin: -1, keyIndex: 1, value: -1, bytes: 100, commitUs: -1 };
  inst.data.append(e);
  inst.data.persistedUpTo(e.lsn);
  return e;
}

describe('rds > attach and epochs travel as messages', () => {
  it('a follower partitioned from the writer when the attach is sent neither truncates nor changes leader until it is reachable', () => {
    const { db1, db2, db3, write, cut, runTo } = deployment();
    runTo(1);
    write(db1, 3);
    runTo(2);
    expect(db3.data.persistedLsn).toBe(3);
    const tail = divergedTail(db3);
    const heal = cut(db2, db3);
    // db-2 takes writes under epoch 2 and attaches db-3, which cannot hear it.
    db2.beginAsWriter(2, [{ inst: db3, mode: 'semi-sync' }]);
    runTo(5);
    expect(db3.leader).toBe(db1);
    expect(db3.data.lastLsn).toBe(4);
    expect(db3.data.holds(tail)).toBe(true);
    heal();
    // The attach goes again every replication_retry (500 ms).
    runTo(6);
    expect(db3.leader).toBe(db2);
    expect(db3.data.lastLsn).toBe(3);
    expect(db3.data.holds(tail)).toBe(false);
  });

  it('a follower fences a deposed writer with the epoch it learnt by message: its attach and its writes are refused', () => {
    const { db1, db2, db3, write, runTo } = deployment();
    runTo(1);
    write(db1, 3);
    runTo(2);
    // db-3 learns epoch 2 from db-2's attach (the control plane still names db-1: it was not asked).
    db2.beginAsWriter(2, [{ inst: db3, mode: 'semi-sync' }]);
    runTo(3);
    expect(db3.leader).toBe(db2);
    // The deposed writer (epoch 1) asks db-3 to follow it again, and goes on writing.
    db1.stream!.detach(db3);
    db1.stream!.attach(db3, 'semi-sync');
    write(db1, 2);
    runTo(5);
    expect(db3.leader).toBe(db2);
    expect(db3.data.lastLsn).toBe(3);
    expect(db1.data.lastLsn).toBe(5);
  });
});
