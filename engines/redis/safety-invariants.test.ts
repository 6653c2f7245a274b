// The engine's runtime invariants: they hold through a primary crash and its failover, and each
// one catches the broken state it is about.
import { describe, expect, it } from 'vitest';
import { loadBundled, withRate } from '../../test/bundled.ts';
import { SimInvariantError } from '../../sim/invariant.ts';
import { nextEntry } from './repl-log.ts';
import { checkChainStep, SafetyLedger, type LedgerNode } from './safety-invariants.ts';
import { eventsOf, record, S } from './harness.fixture.ts';

const NAMES = Array.from({ length: 6 }, (_, i) => `redis-${i + 1}`);

function node(idx: number, shard: number): LedgerNode & { head: null } {
  return { idx, shard, name: NAMES[idx], head: null };
}

describe('redis > safety invariants', () => {
  it('hold through a primary crash, its detection and the election of its replica', () => {
    const r = record({ ...withRate(loadBundled('redis-primary-crash', 1), 200), durationUs: 70 * S, settleUs: 5 * S, expect: [] });
    expect(eventsOf(r, 'promoted', 0).length).toBeGreaterThan(0);
  });

  it('a primary voting twice in one epoch is caught', () => {
    const ledger = new SafetyLedger(NAMES, [0, 3], [1, 2]);
    const p = node(3, 1);
    ledger.vote(p, 3);
    ledger.vote(p, 4);
    expect(() => ledger.vote(p, 4)).toThrow(SimInvariantError);
    expect(() => ledger.vote(p, 2)).toThrow(/votes in epoch 2 after voting in epoch 4/);
  });

  it('two replicas winning one shard under the same config epoch is caught', () => {
    const ledger = new SafetyLedger(NAMES, [0, 3], [1, 2]);
    ledger.elected(node(1, 0), 3);
    ledger.elected(node(1, 0), 3); // the same winner told twice is no second winner
    expect(() => ledger.elected(node(2, 0), 3)).toThrow(/shard 0 won twice under config epoch 3/);
    expect(() => ledger.elected(node(4, 1), 2)).toThrow(SimInvariantError); // the initial owner's epoch
  });

  it('a replica applying an entry that does not extend its head is caught', () => {
    const n = node(1, 0);
    const a = nextEntry(null, 1, 10, 100, -1, 0, 'write');
    const b = nextEntry(a, 1, 11, 100, -1, 0, 'write');
    expect(() => checkChainStep(n.name, n.head, a)).not.toThrow();
    expect(() => checkChainStep(n.name, n.head, b)).toThrow(SimInvariantError);
  });
});
