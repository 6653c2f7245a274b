import { describe, expect, it } from 'vitest';
import { availabilityBySide, overallVerdict, Partitions, SERVED_THRESHOLD, verdict, type PartitionRecord } from './partitions.ts';
import { ev, SECOND as S } from './history.fixture.ts';

const END = 100 * S;

/** A two-sided partition (fault 0) from 10 s to 40 s: client-1 and db-1 in az1, client-2 and client-3 with db-2 and db-3 elsewhere. */
function partitioned(): Partitions {
  const p = new Partitions();
  p.event(ev(10 * S, 'fault-start', { fault: 0, detail: 'partition [use1-az1] | [use1-az2 use1-az3]', sides: [['db-1', 'client-1'], ['db-2', 'db-3', 'client-2', 'client-3']] }));
  p.event(ev(40 * S, 'fault-end', { fault: 0 }));
  return p;
}

/** `n` operations by `client` invoked at `t`, of which `ok` succeeded. */
function ops(p: Partitions, client: string, t: number, n: number, ok: number): void {
  for (let i = 0; i < n; i++) p.completed(client, t, i < ok, END);
}

const record = (r: Partial<PartitionRecord>): PartitionRecord => ({ fault: 0, startUs: 0, endUs: 1, invoked: [10, 10], ok: [10, 10], staleStrongReads: 0, lostWrites: 0, linearizabilityViolation: false, ...r });

describe('reports', () => {
  describe('partitions', () => {
    it('records a partition from a fault-start that names its sides, and ignores other faults', () => {
      const p = partitioned();
      p.event(ev(50 * S, 'fault-start', { fault: 1, detail: 'crash writer' }));
      expect(p.records).toHaveLength(1);
      expect(p.records[0]).toMatchObject({ fault: 0, startUs: 10 * S, endUs: 40 * S, invoked: [0, 0], ok: [0, 0] });
    });

    it("counts each operation on its client's side, by the client's name, only when invoked while the partition lasted", () => {
      const p = partitioned();
      ops(p, 'client-1', 20 * S, 4, 1);
      ops(p, 'client-2', 20 * S, 3, 3);
      ops(p, 'client-3', 39 * S, 1, 0);
      ops(p, 'client-1', 5 * S, 5, 5); // before
      ops(p, 'client-2', 40 * S, 5, 0); // at the end: after
      ops(p, 'client-9', 20 * S, 5, 0); // on no side
      expect(p.records[0].invoked).toEqual([4, 4]);
      expect(p.records[0].ok).toEqual([1, 3]);
      expect(availabilityBySide(p.records[0])).toEqual([0.25, 0.75]);
    });

    it('reports no availability for a side without operations (null, not 0)', () => {
      const p = partitioned();
      ops(p, 'client-2', 20 * S, 2, 2);
      expect(availabilityBySide(p.records[0])).toEqual([null, 1]);
    });

    it('counts operations until the workload ends for a partition never healed', () => {
      const p = new Partitions();
      p.event(ev(10 * S, 'fault-start', { fault: 3, sides: [['client-1'], ['client-2']] }));
      p.completed('client-1', 99 * S, true, END);
      p.completed('client-1', END, true, END);
      expect(p.records[0].invoked).toEqual([1, 0]);
    });

    it('says CP when a side was refused and no anomaly was seen', () => {
      const p = partitioned();
      ops(p, 'client-1', 20 * S, 10, 0);
      ops(p, 'client-2', 20 * S, 10, 10);
      expect(verdict(p.records[0])).toBe('CP');
    });

    it('says AP when every side with clients kept serving, with or without anomalies', () => {
      expect(verdict(record({ ok: [10, 10] }))).toBe('AP');
      expect(verdict(record({ ok: [10, 10], lostWrites: 3 }))).toBe('AP');
    });

    it('says neither when a side was refused and anomalies were seen', () => {
      expect(verdict(record({ ok: [0, 10], lostWrites: 1 }))).toBe('neither');
      expect(verdict(record({ ok: [0, 10], staleStrongReads: 1 }))).toBe('neither');
      expect(verdict(record({ ok: [0, 10], linearizabilityViolation: true }))).toBe('neither');
    });

    it('takes a side as serving at exactly the threshold, refused just below it', () => {
      expect(SERVED_THRESHOLD).toBe(0.5);
      expect(verdict(record({ invoked: [10, 10], ok: [5, 10] }))).toBe('AP');
      expect(verdict(record({ invoked: [1000, 10], ok: [499, 10] }))).toBe('CP');
    });

    it('does not count stale eventual reads as anomalies: only stale strong reads', () => {
      // Measurement reports only stale `strong` reads to staleStrongRead.
      const p = partitioned();
      ops(p, 'client-1', 20 * S, 10, 0);
      ops(p, 'client-2', 20 * S, 10, 10);
      p.staleStrongRead(5 * S, END); // before the partition
      p.staleStrongRead(45 * S, END); // after it
      expect(verdict(p.records[0])).toBe('CP');
      p.staleStrongRead(30 * S, END);
      expect(p.records[0].staleStrongReads).toBe(1);
      expect(verdict(p.records[0])).toBe('neither');
    });

    it('counts a lost write as an anomaly when it was acknowledged while the partition lasted', () => {
      const p = partitioned();
      ops(p, 'client-1', 20 * S, 10, 0);
      ops(p, 'client-2', 20 * S, 10, 10);
      p.lostWrite(50 * S, END);
      expect(verdict(p.records[0])).toBe('CP');
      p.lostWrite(15 * S, END);
      expect(p.records[0].lostWrites).toBe(1);
      expect(verdict(p.records[0])).toBe('neither');
    });

    it('counts a linearizability violation that overlaps the partition as an anomaly', () => {
      const p = partitioned();
      ops(p, 'client-1', 20 * S, 10, 0);
      ops(p, 'client-2', 20 * S, 10, 10);
      p.violation(40 * S, 45 * S, END); // starts as it ends: no overlap
      p.violation(1 * S, 9 * S, END);
      expect(verdict(p.records[0])).toBe('CP');
      p.violation(5 * S, 10 * S, END);
      expect(verdict(p.records[0])).toBe('neither');
    });

    it('gives no verdict with clients on fewer than two sides (availability still reported)', () => {
      const p = partitioned();
      ops(p, 'client-1', 20 * S, 10, 0);
      expect(verdict(p.records[0])).toBeNull();
      expect(availabilityBySide(p.records[0])).toEqual([0, null]);
    });

    it('gives the most severe verdict over all partitions: neither, then AP, then CP', () => {
      const cp = record({ ok: [0, 10] });
      const ap = record({ ok: [10, 10] });
      const neither = record({ ok: [0, 10], lostWrites: 1 });
      const none = record({ invoked: [10, 0], ok: [10, 0] });
      expect(overallVerdict([])).toBeNull();
      expect(overallVerdict([none])).toBeNull();
      expect(overallVerdict([cp, none])).toBe('CP');
      expect(overallVerdict([cp, ap])).toBe('AP');
      expect(overallVerdict([ap, neither, cp])).toBe('neither');
    });
  });
});
