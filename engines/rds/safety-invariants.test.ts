// The runtime safety checks fire on the states they forbid (and stay quiet otherwise).
import { describe, expect, it } from 'vitest';
import { SimInvariantError } from '../../sim/invariant.ts';
import { InstanceData } from './instance-data.ts';
import { SafetyInvariants } from './safety-invariants.ts';
import type { DbInstance } from './instance.ts';
import type { LogEntry } from './log-entry.ts';

function entry(lsn: number): LogEntry {
  return { lsn, epoch: 1, origin: 1, keyIndex: 0, value: lsn, bytes: 100, commitUs: -1 };
}

/** A stand-in instance: the checks read only its name and data. */
function instance(name: string, entries: LogEntry[]): DbInstance {
  const data = new InstanceData(1);
  for (const e of entries) data.append(e);
  data.persistedLsn = entries.length;
  return { name, data } as unknown as DbInstance;
}

describe('rds > safety invariants', () => {
  it('allows one writer per epoch and refuses a second one in the same epoch', () => {
    const s = new SafetyInvariants();
    const a = instance('db-1', []);
    const b = instance('db-2', []);
    s.writerNamed(a, 1);
    s.writerNamed(a, 1); // the same writer again after its own crash recovery
    s.writerNamed(b, 2);
    expect(() => s.writerNamed(b, 1)).toThrow(SimInvariantError);
    expect(() => s.acceptsWrite(a, 2)).toThrow(/db-1 accepts writes in epoch 2/);
    expect(() => s.acceptsWrite(b, 2)).not.toThrow();
  });

  it('refuses a promotion that lacks an acknowledged write, and rebases after an allowed one', () => {
    const s = new SafetyInvariants();
    const log = [entry(1), entry(2), entry(3)];
    s.acknowledged(log[1]);
    expect(() => s.promoted(instance('db-2', log.slice(0, 2)))).not.toThrow();
    expect(() => s.promoted(instance('db-2', log.slice(0, 1)))).toThrow(/lacks acknowledged write lsn 2/);
    // A diverged log holds a different record at the acknowledged LSN: it lacks the write too.
    expect(() => s.promoted(instance('db-3', [log[0], entry(2)]))).toThrow(SimInvariantError);
    // A read replica's promotion may lose writes; later checks start from what it holds.
    const replica = instance('replica-1', log.slice(0, 1));
    s.rebase(replica);
    expect(() => s.promoted(replica)).not.toThrow();
  });

  it('keeps appliedLsn <= persistedLsn <= the log length', () => {
    const d = new InstanceData(1);
    d.append(entry(1));
    d.append(entry(2));
    expect(() => d.applyNext()).toThrow(/beyond the persisted lsn 0/);
    d.persistedUpTo(1);
    expect(d.applyNext().lsn).toBe(1);
    expect(() => d.applyNext()).toThrow(SimInvariantError);
    expect(() => d.persistedUpTo(3)).toThrow(/persisted lsn 3 beyond the log's 2 records/);
  });
});
