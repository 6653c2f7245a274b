import { describe, expect, it } from 'vitest';
import { StaleReads } from './stale-reads.ts';
import { WriteRegistry } from './write-registry.ts';
import { RACE_WINDOW_US } from './write-races.ts';
import { Measurement } from './measurement.ts';
import type { TimeseriesRow } from './timeseries.ts';
import { play, read, SECOND as S, write } from './history.fixture.ts';

const MAX_OP_US = 1_000;

/** A registry and its stale-read judge, built before any write so that races are followed. */
function judged(writes: [value: number, invokeUs: number, ackUs: number][]): { s: StaleReads; r: WriteRegistry } {
  const r = new WriteRegistry();
  const s = new StaleReads(r, MAX_OP_US);
  for (const [v, inv] of writes) r.invoked(v, 0, inv);
  for (const [v, , ack] of [...writes].sort((a, b) => a[2] - b[2])) r.acknowledged(v, ack);
  return { s, r };
}

describe('reports', () => {
  describe('stale reads of racing writes', () => {
    it('calls a read stale when it returns the older of two overlapping writes, as the later reads order them', () => {
      // The write-through race: write 1 (0..5,000 us) and write 2 (700..4,600 us) overlap; the
      // database keeps 2 but the cache ends with 1. Reads at 1.9 s return 1 (the cache), a read at
      // 2.9 s returns 2 (the cache entry expired): 2 is the newer, so the read at 1.9 s is stale.
      const { s } = judged([[1, 0, 5_000], [2, 700, 4_600]]);
      s.read(0, 1_900_000, 1);
      s.read(0, 2_900_000, 2);
      expect(s.stale).toBe(0); // undecided until the window's reads have ended
      s.finish();
      expect([s.okReads, s.stale]).toEqual([2, 1]);
      expect(s.ageMs.max).toBeCloseTo((1_900_000 - 4_600) / 1000, 9);
    });

    it('finds nothing stale when every read after both acknowledgements returns the same value (a linearizable history)', () => {
      const { s } = judged([[1, 0, 5_000], [2, 700, 4_600]]);
      for (const t of [10_000, 20_000, 30_000]) s.read(0, t, 1);
      s.finish();
      expect(s.stale).toBe(0);
    });

    it('takes the last read as the word on the order, so an early read of the other value is the stale one', () => {
      const { s } = judged([[1, 0, 5_000], [2, 700, 4_600]]);
      s.read(0, 10_000, 2); // an old copy answered
      s.read(0, 20_000, 1);
      s.read(0, 30_000, 1);
      s.finish();
      expect(s.stale).toBe(1);
      expect(s.ageMs.max).toBeCloseTo((10_000 - 5_000) / 1000, 9);
    });

    it('takes only strong reads as evidence of the order', () => {
      const { s } = judged([[1, 0, 5_000], [2, 700, 4_600]]);
      s.read(0, 10_000, 2, true);
      s.read(0, 20_000, 1, false); // an eventual read from a lagging replica says nothing about the order
      s.finish();
      expect(s.stale).toBe(1); // the eventual read of 1 is the stale one
      expect(s.ageMs.max).toBeCloseTo((20_000 - 4_600) / 1000, 9);
      const e = judged([[1, 0, 5_000], [2, 700, 4_600]]).s;
      e.read(0, 10_000, 2, false);
      e.read(0, 20_000, 1, false);
      e.finish();
      expect(e.stale).toBe(0); // eventual reads alone leave the pair unordered
    });

    it('stops taking reads as evidence once a write invoked after both is acknowledged', () => {
      const { s, r } = judged([[1, 0, 5_000], [2, 700, 4_600]]);
      s.read(0, 10_000, 1);
      r.invoked(3, 0, 50_000);
      r.acknowledged(3, 60_000);
      s.read(0, 70_000, 2); // stale by real time (3 follows it); no word on 1 against 2
      s.finish();
      expect(s.stale).toBe(1);
      expect(s.ageMs.max).toBeCloseTo(10, 9); // 70,000 - 60,000 us
    });

    it('decides a race once the reads of its window have ended, not only at the end of the run', () => {
      const late: number[] = [];
      const r = new WriteRegistry();
      const s = new StaleReads(r, MAX_OP_US, (p) => late.push(p.invokeUs));
      r.invoked(1, 0, 0);
      r.invoked(2, 0, 700);
      r.acknowledged(2, 4_600);
      r.acknowledged(1, 5_000);
      s.read(0, 10_000, 1);
      s.due(5_000 + RACE_WINDOW_US + MAX_OP_US);
      expect(late).toEqual([]);
      s.due(5_000 + RACE_WINDOW_US + MAX_OP_US + 1);
      expect(late).toEqual([10_000]);
      expect(s.racesHeld()).toBe(0);
    });
  });

  it('puts a read that waited on a race in the time-series row of its invocation and in the figures', () => {
    const rows: TimeseriesRow[] = [];
    const cfg = { warmupUs: 0, endUs: 30 * S, intervalUs: S, maxOpUs: S, domainOf: () => 'db', clientName: (i: number) => `c${i}`, checkLinearizability: false };
    const m = new Measurement(cfg, (r) => rows.push(r));
    play(m, {
      ops: [write(0, 1, 0, 5_000), write(0, 2, 700, 4_600), read(0, 1_900_000, 1_902_000, 1), read(0, 2_900_000, 2_901_000, 2)],
      at: Array.from({ length: 30 }, (_, i) => ({ timeUs: (i + 1) * S, run: () => m.tick((i + 1) * S, 0, 0) })),
    });
    m.finish(30 * S, () => [[1, 2]].flat());
    expect(m.stale.stale).toBe(1);
    expect(rows.find((r) => r.t_s === 1)!.stale_reads).toBe(1);
    expect(rows.reduce((n, r) => n + r.stale_reads, 0)).toBe(1);
  });
});
