import { describe, expect, it } from 'vitest';
import { applyBacklog, type BackloggedReplica } from './apply-backlog.ts';
import { ReplicaLog } from './replica-log.ts';

/** A leader's log of `n` committed records (index i committed at i seconds); a no-op opens the term. */
function leaderLog(n: number): ReplicaLog {
  const log = new ReplicaLog();
  log.push({ index: 1, term: 1, keyIndex: -1, value: 0, bytes: 0, commitUs: 1_000_000 });
  for (let i = 2; i <= n; i++) log.push({ index: i, term: 1, keyIndex: i, value: i, bytes: 100, commitUs: i * 1_000_000 });
  log.persisted = log.commit = log.applied = n;
  return log;
}

function replica(name: string, role: string, log: ReplicaLog, up = true, status = 'up'): BackloggedReplica {
  return { name, role, status, node: { isUp: up }, log };
}

function followerAt(applied: number): ReplicaLog {
  const log = new ReplicaLog();
  log.applied = applied;
  return log;
}

describe('dynamodb > apply backlog', () => {
  it("gives each up follower the commit time of the oldest committed write it has not applied", () => {
    const leader = replica('p0-a', 'leader', leaderLog(10));
    const behind = replica('p0-b', 'follower', followerAt(6));
    const current = replica('p0-c', 'follower', followerAt(10));
    expect(applyBacklog([[leader, behind, current]])).toEqual([{ replica: 'p0-b', oldestCommitUs: 7_000_000 }]);
  });

  it("skips the term's no-op: a follower that applied nothing is behind from the first write", () => {
    const leader = replica('p0-a', 'leader', leaderLog(3));
    expect(applyBacklog([[leader, replica('p0-b', 'follower', followerAt(0))]])).toEqual([{ replica: 'p0-b', oldestCommitUs: 2_000_000 }]);
  });

  it('reports nothing without a leader that is up, nor for a follower that is down or recovering', () => {
    const log = leaderLog(10);
    expect(applyBacklog([[replica('p0-a', 'leader', log, false), replica('p0-b', 'follower', followerAt(2))]])).toEqual([]);
    const leader = replica('p0-a', 'leader', log);
    expect(applyBacklog([[leader, replica('p0-b', 'follower', followerAt(2), false), replica('p0-c', 'follower', followerAt(2), true, 'recovering')]])).toEqual([]);
  });
});
