// The lease: a new leader waits out the promises its voters made to the old one, which keeps
// strong reads fresh as long as clocks stay within the lease margin; a clock fault beyond it lets
// a deposed leader believe its lease is still valid, and the run shows stale strong reads.
import { describe, expect, it } from 'vitest';
import { loadBundled, withRate } from '../../test/bundled.ts';
import type { Scenario } from '../../scenarios/format/scenario.ts';
import { eventsOf, record, S, MS } from './harness.fixture.ts';

/** The bundled clock scenario with the leader's clock jumping by `offsetUs`, on a hot key space. */
function clockJump(seed: number, offsetUs: number): Scenario {
  const s = withRate(loadBundled('dynamodb-clock-jump-breaks-lease', seed), 600);
  const faults = s.faults.map((f) => (f.kind === 'clock' ? { ...f, offsetUs } : f));
  // 100 keys: a read in az-a of a key written in az-b or az-c just before is likely.
  return { ...s, faults, expect: [], durationUs: 60 * S, workload: { ...s.workload, keyCount: 100 } };
}

describe('dynamodb > lease', () => {
  it('a new leader waits out the old lease before serving', () => {
    const r = record(clockJump(1, 0));
    const elected = eventsOf(r, 'elected', 0)[0];
    const serving = eventsOf(r, 'leader', 0)[0];
    // It announces the wait it computed from the votes, and serves when that wait is over.
    const waitMs = Number(/waits (\d+) ms/.exec(elected.detail!)![1]);
    expect(waitMs).toBeGreaterThan(1000);
    expect(Math.abs((serving.timeUs - elected.timeUs) / MS - waitMs)).toBeLessThan(5);
    // The old leader, cut off with its clock intact, stopped serving before that.
    const stepped = eventsOf(r, 'stepped-down', 0).find((e) => e.node === 'p0-az-a')!;
    expect(stepped.timeUs).toBeLessThan(serving.timeUs);
    expect(r.summary.stale_reads).toBe(0);
  });

  it('a clock jump far beyond the margin lets a deposed leader serve stale strong reads, and the run shows it', () => {
    for (const seed of [1, 2, 3]) {
      const r = record(clockJump(seed, -10 * S));
      expect(r.summary.stale_reads as number, `seed ${seed}`).toBeGreaterThan(20);
      // Its clock runs 10 s behind: it believes in its lease about 10 s longer than it holds it.
      const newLeader = eventsOf(r, 'leader', 0)[0].timeUs;
      const oldGaveUp = eventsOf(r, 'stepped-down', 0).find((e) => e.node === 'p0-az-a')!.timeUs;
      expect((oldGaveUp - newLeader) / S).toBeGreaterThan(8);
      // Every stale read was invoked while both believed they led partition 0.
      const staleSeconds = r.rows.filter((row) => row.stale_reads > 0).map((row) => row.t_s);
      expect(Math.min(...staleSeconds)).toBeGreaterThanOrEqual(Math.floor(newLeader / S));
      expect(Math.max(...staleSeconds)).toBeLessThanOrEqual(Math.floor(oldGaveUp / S));
    }
  });

  it('a clock jump on the storage node that hosts the leader skews its replicas alike: stale strong reads again', () => {
    // p0-az-a lives on storage-az-a-1 (partition 0 of 2 hosts per AZ): the machine's clock is theirs.
    const s = clockJump(1, -10 * S);
    const faults = s.faults.map((f) => (f.kind === 'clock' ? { ...f, target: { node: 'storage-az-a-1' } } : f));
    const r = record({ ...s, faults });
    expect(r.summary.stale_reads as number).toBeGreaterThan(20);
    const newLeader = eventsOf(r, 'leader', 0)[0].timeUs;
    const oldGaveUp = eventsOf(r, 'stepped-down', 0).find((e) => e.node === 'p0-az-a')!.timeUs;
    expect((oldGaveUp - newLeader) / S).toBeGreaterThan(8);
    // A host in another AZ with the same jump leaves partition 0's deposed leader honest.
    const elsewhere = s.faults.map((f) => (f.kind === 'clock' ? { ...f, target: { node: 'storage-az-b-1' } } : f));
    expect(record({ ...s, faults: elsewhere }).summary.stale_reads).toBe(0);
  });

  it('gives no stale strong read with clock jumps inside the lease margin (seeds 1..3)', () => {
    for (const seed of [1, 2, 3]) {
      for (const offsetUs of [-240 * MS, 240 * MS]) {
        const r = record(clockJump(seed, offsetUs));
        expect(r.summary.stale_reads, `seed ${seed}, jump ${offsetUs / MS} ms`).toBe(0);
        expect(eventsOf(r, 'leader', 0).length).toBeGreaterThan(0); // there was a new leader to be stale against
      }
    }
  });

  it('gives none either when the leader\'s clock runs 5% slow (drift inside the margin over a lease)', () => {
    // 4 s at -5% drift loses 200 ms: inside the 250 ms margin.
    const s = clockJump(1, 0);
    const faults = s.faults.map((f) => (f.kind === 'clock' ? { ...f, driftPpm: -50_000 } : f));
    expect(record({ ...s, faults }).summary.stale_reads).toBe(0);
  });

  it('shows stale strong reads when that drift outgrows the margin (the leader\'s clock 50% slow)', () => {
    const s = clockJump(1, 0);
    const faults = s.faults.map((f) => (f.kind === 'clock' ? { ...f, driftPpm: -500_000 } : f));
    expect(record({ ...s, faults }).summary.stale_reads as number).toBeGreaterThan(0);
  });
});
