// One segment's log (backlinks, holes, truncation, catch-up) and its PG's version index.
import { describe, expect, it } from 'vitest';
import type { RedoRecord } from './redo.ts';
import { Segment } from './segment.ts';
import { VersionIndex } from './version-index.ts';

function rec(lsn: number, prevLsn: number, keyIndex: number, value = lsn * 10): RedoRecord {
  return { lsn, pg: 0, prevLsn, epoch: 1, keyIndex, value, bytes: 100, commitUs: -1, stored: false, truncated: false, copies: 0 };
}

/** One PG: its version index and segments, storing records the way the volume does. */
function pg() {
  const index = new VersionIndex();
  const segment = () => new Segment(0, index);
  const store = (s: Segment, r: RedoRecord) => {
    if (!r.stored) {
      r.stored = true;
      index.add(r);
    }
    return s.add(r);
  };
  return { index, segment, store };
}

describe('aurora > segment', () => {
  it('advances its complete LSN along backlinks, and waits at a hole until the missing record arrives', () => {
    const { segment, store } = pg();
    const s = segment();
    store(s, rec(3, 0, 1));
    store(s, rec(7, 3, 2));
    expect(s.scl).toBe(7);
    store(s, rec(12, 9, 1)); // 9 is missing
    expect(s.scl).toBe(7);
    expect(s.hasHole()).toBe(true);
    store(s, rec(9, 7, 3));
    expect(s.scl).toBe(12);
    expect(s.hasHole()).toBe(false);
    expect(store(s, rec(9, 7, 3))).toBe(false);
  });

  it('reads a key as of the read point, and never past what it holds', () => {
    const { segment, store } = pg();
    const s = segment();
    const behind = segment();
    for (const r of [rec(1, 0, 5, 100), rec(2, 1, 5, 200), rec(3, 2, 6, 300)]) store(s, r);
    store(behind, rec(1, 0, 5, 100));
    expect(s.read(5, 1)?.value).toBe(100);
    expect(s.read(5, 3)?.value).toBe(200);
    expect(s.read(6, 2)).toBeNull();
    expect(behind.read(5, 3)?.value).toBe(100);
  });

  it('coalesces versions at or below the GC point, and never reads below it', () => {
    const { segment, store } = pg();
    const s = segment();
    s.announce(0, 4);
    for (let l = 1; l <= 6; l++) store(s, rec(l, l - 1, 5, l));
    expect(s.read(5, 2)?.value).toBe(4);
    expect(s.read(5, 5)?.value).toBe(5);
    expect(s.read(5, 6)?.value).toBe(6);
  });

  it('drops a truncated range and falls back to the last record below it', () => {
    const { index, segment, store } = pg();
    const s = segment();
    const records = [rec(1, 0, 5, 1), rec(2, 1, 5, 2), rec(3, 2, 5, 3)];
    for (const r of records) store(s, r);
    s.announce(1, 1);
    index.drop(records[2]); // the volume drops what a truncation voids
    s.applyTruncation({ afterLsn: 2, endLsn: 100, epoch: 2, pgTails: [2] });
    expect(s.scl).toBe(2);
    expect(s.epoch).toBe(2);
    expect(s.read(5, 1000)?.value).toBe(2);
    store(s, rec(101, 2, 5, 101));
    expect(s.scl).toBe(101);
    expect(s.view()).toEqual({ scl: 101, knownVdl: 1, lsns: [2, 101], below: 1 });
  });

  it('learns from a truncation that it must catch up to the PG tail, and does so from a peer', () => {
    const { segment, store } = pg();
    const s = segment();
    const peer = segment();
    store(s, rec(1, 0, 5));
    for (const r of [rec(1, 0, 5), rec(2, 1, 6), rec(4, 2, 5)]) store(peer, r);
    s.applyTruncation({ afterLsn: 4, endLsn: 100, epoch: 2, pgTails: [4] });
    expect(s.hasHole()).toBe(true);
    expect(s.read(5, 4)?.value).toBe(10);
    s.catchUp(peer.catchUpFrom(s.scl), () => false);
    expect(s.scl).toBe(4);
    expect(s.hasHole()).toBe(false);
    expect(s.read(5, 4)?.value).toBe(40);
  });

  it('catches up a peer that is behind its floor with the newest versions only', () => {
    const { segment, store } = pg();
    const src = segment();
    src.announce(0, 5);
    for (let l = 1; l <= 6; l++) store(src, rec(l, l - 1, l % 2));
    src.announce(6, 5);
    expect(src.catchUpFrom(0).records.map((r) => r.lsn)).toEqual([4, 5, 6]);
    const copy = segment();
    copy.copyFrom(src);
    expect(copy.scl).toBe(6);
    expect(copy.read(0, 6)?.value).toBe(60);
    expect(copy.read(1, 6)?.value).toBe(50);
  });
});

describe('aurora > version index', () => {
  it('keeps versions in LSN order whatever order they are stored in', () => {
    const index = new VersionIndex();
    for (const l of [5, 2, 9, 7]) index.add(rec(l, 0, 1, l));
    expect([1, 2, 6, 8, 9, 100].map((at) => index.read(1, at)?.value ?? null)).toEqual([null, 2, 5, 7, 9, 9]);
    index.drop(index.read(1, 9)!);
    expect(index.read(1, 100)?.value).toBe(7);
  });
});
