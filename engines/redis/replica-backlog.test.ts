import { describe, expect, it } from 'vitest';
import { replicaBacklog, type BackloggedNode } from './replica-backlog.ts';
import { nextEntry, type ReplEntry } from './repl-log.ts';

/** A chain of entries, the i-th (from 1) committed at i seconds; `reasons` gives each one's reason. */
function chain(reasons: ('write' | 'evict')[]): ReplEntry[] {
  const out: ReplEntry[] = [];
  reasons.forEach((reason, i) => out.push(nextEntry(out.at(-1) ?? null, i, i, 10, -1, (i + 1) * 1_000_000, reason)));
  return out;
}

const node = (name: string, role: 'primary' | 'replica', primaryOf: number, head: ReplEntry | null, isUp = true): BackloggedNode => ({ name, role, primaryOf, node: { isUp }, head });

describe('redis > replica backlog', () => {
  it('gives a replica behind its primary the commit time of the oldest write past its offset', () => {
    const c = chain(['write', 'write', 'evict', 'write', 'write']);
    // The replica holds the first two entries; the eviction after them is not a client's write.
    const members = [node('shard-1-primary', 'primary', -1, c[4]), node('shard-1-replica-1', 'replica', 0, c[1]), node('shard-1-replica-2', 'replica', 0, c[4])];
    expect(replicaBacklog(members)).toEqual([{ replica: 'shard-1-replica-1', oldestCommitUs: 4_000_000 }]);
  });

  it('reports nothing for a replica whose head is not on its primary’s chain, or whose primary is down', () => {
    const c = chain(['write', 'write', 'write']);
    const other = chain(['write', 'write']);
    expect(replicaBacklog([node('p', 'primary', -1, c[2]), node('r', 'replica', 0, other[1])])).toEqual([]);
    expect(replicaBacklog([node('p', 'primary', -1, c[2], false), node('r', 'replica', 0, c[0])])).toEqual([]);
  });

  it('counts from the start of the stream for a replica that holds nothing', () => {
    const c = chain(['write', 'write']);
    expect(replicaBacklog([node('p', 'primary', -1, c[1]), node('r', 'replica', 0, null)])).toEqual([{ replica: 'r', oldestCommitUs: 1_000_000 }]);
  });
});
