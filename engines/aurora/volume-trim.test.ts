// The volume forgets what is settled without changing what a run shows: every output of the Aurora
// scenarios (summary, faults, time series, history, events) is the same with the stored history
// trimmed as soon as the durable point passes a few records as with it never trimmed (a writer
// crash, a restart, an AZ outage, a partition, a replica promotion included). The version index
// reports unreadable exactly the versions no read can return any more, and no recovery may void a
// record below a durable point some writer reached.
import { afterEach, describe, expect, it } from 'vitest';
import { shorterBundled } from '../../test/bundled.ts';
import type { Scenario } from '../../scenarios/format/scenario.ts';
import { runTextTrimmed } from '../../test/run-text.ts';
import type { RedoRecord } from './redo.ts';
import { VersionIndex } from './version-index.ts';
import { historyTrimTuning, Volume, type VolumeMember } from './volume.ts';

const DEFAULT_MIN = historyTrimTuning.minRecords;
afterEach(() => {
  historyTrimTuning.minRecords = DEFAULT_MIN;
});

const outputs = (s: Scenario, minRecords: number) => runTextTrimmed(s, historyTrimTuning, minRecords);

const shorter = shorterBundled;

let nextLsn = 1;
function record(keyIndex: number, value: number, lsn = nextLsn++): RedoRecord {
  return { lsn, pg: 0, prevLsn: 0, epoch: 1, keyIndex, value, bytes: 64, commitUs: -1, stored: false, truncated: false, copies: 0 };
}

/** A volume of one protection group on 6 stand-in storage nodes, 2 per AZ. */
function oneGroupVolume(durable: number[]): Volume {
  const nodesByAz: VolumeMember[][] = ['a', 'b', 'c'].map((az) => [0, 1].map((i) => ({ node: { az, name: `${az}${i}` } }) as unknown as VolumeMember));
  return new Volume(4, 1, nodesByAz, (v) => durable.push(v));
}

describe('aurora > volume trim', () => {
  const cases: [string, number, number][] = [
    ['aurora-writer-crash', 90, 300],
    ['aurora-writer-restart', 90, 300],
    ['aurora-az-outage', 120, 300],
    ['aurora-az-partition', 120, 300],
    ['aurora-replica-lag-1k', 60, 300],
  ];
  for (const [name, durationS, ratePerS] of cases) {
    it(`drops stored records in ${name} and every output stays the same`, () => {
      const s = shorter(name, durationS, ratePerS);
      const kept = outputs(s, Infinity);
      const dropped = outputs(s, 8);
      expect(kept.dropped).toBe(0);
      expect(dropped.dropped).toBeGreaterThan(1000);
      expect(dropped.text === kept.text).toBe(true);
    });
  }

  it('reports durable the stored records the durable point passed, and keeps the ones above it', () => {
    historyTrimTuning.minRecords = 1;
    const durable: number[] = [];
    const vol = oneGroupVolume(durable);
    const recs = [1, 2, 3, 4, 5].map((v) => record(v % 4, 100 + v));
    for (const r of recs) vol.stored(r);
    vol.committed(recs[2].lsn);
    expect(durable).toEqual([101, 102, 103]);
    expect(vol.pgs[0].history.map((r) => r.value)).toEqual([104, 105]);
    // The lost-write count looks at values not reported durable: those survive as before.
    expect([...vol.survivingValues().values()].flat().sort()).toEqual([104, 105]);
  });

  it('refuses a recovery that would void a record below a durable point a writer reached', () => {
    const vol = oneGroupVolume([]);
    const r = record(1, 7);
    vol.stored(r);
    vol.committed(r.lsn);
    expect(() => vol.truncate({ afterLsn: r.lsn - 1, endLsn: r.lsn + 10, epoch: 2, pgTails: [0] })).toThrow(/below the durable point/);
    expect(() => vol.truncate({ afterLsn: r.lsn, endLsn: r.lsn + 10, epoch: 2, pgTails: [r.lsn] })).not.toThrow();
  });

  it('reports unreadable only versions a newer one at or below the GC point hides from every read', () => {
    const unreadable: number[] = [];
    const index = new VersionIndex((v) => unreadable.push(v));
    const a = record(0, 1);
    const b = record(0, 2);
    const c = record(0, 3);
    index.add(a);
    index.add(b);
    // Nothing is below the GC point yet: a read at a's LSN still returns a.
    expect(unreadable).toEqual([]);
    expect(index.read(0, a.lsn)?.value).toBe(1);
    index.gcPoint = b.lsn;
    index.add(c);
    expect(unreadable).toEqual([1]);
    // Every read point, even below the GC point, now returns b or c, never a.
    for (let at = 0; at <= c.lsn; at++) expect(index.read(0, at)?.value).not.toBe(1);
    expect(index.read(0, b.lsn)?.value).toBe(2);
  });
});
