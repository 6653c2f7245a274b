// Item collections under local secondary indexes: with appending writes each key's collection
// grows by the item and its LSI entries, and once the next write would pass the limit the leader
// refuses it (not retried) while reads go on. Without an LSI, or with overwriting writes, nothing
// is refused.
import { describe, expect, it } from 'vitest';
import { loadText } from '../../test/bundled.ts';
import { runScenario } from '../../scenarios/run.ts';

// 10 keys, 10 writes/s each of 4 KB: with one LSI each write adds 8 KB. The collections start
// 800 KB below the 10 GB limit, so each holds exactly 100 more writes.
const scenario = (engine: string, writes = 'append', faults = '[]') =>
  loadText(`
name: item-collections
duration: 30s
warmup: 0s
settle: 5s
engine: { type: dynamodb, item_writes: ${writes}, item_collection_start: 10484960KB, ${engine} }
workload:
  clients: 6
  rate: 200/s
  mix: { read: 0.5, write: 0.5 }
  read_consistency: strong
  keys: { count: 10 }
  value_size: 4KB
  retry: { attempts: 3, backoff: 10ms }
faults: ${faults}
`);

function run(engine: string, writes = 'append', faults = '[]') {
  const okWrites = new Map<number, number>();
  const unknownWrites = new Map<number, number>();
  const refused: { attempts: number | undefined; invokeUs: number; key: number }[] = [];
  let readsFailed = 0;
  let counted = 0;
  const r = runScenario(scenario(engine, writes, faults), {
    sinks: {
      timeseries: (row) => {
        counted += Number(row.item_collection_full ?? 0);
      },
      history: (e) => {
        if (e.type === 'invoke') return;
        if (e.op.kind === 'read') {
          if (e.type !== 'ok') readsFailed++;
          return;
        }
        if (e.type === 'ok') okWrites.set(e.op.keyIndex, (okWrites.get(e.op.keyIndex) ?? 0) + 1);
        else if (e.type === 'info') unknownWrites.set(e.op.keyIndex, (unknownWrites.get(e.op.keyIndex) ?? 0) + 1);
        else if (e.error === 'item-collection-full') refused.push({ attempts: e.attempts, invokeUs: e.op.invokeUs, key: e.op.keyIndex });
      },
    },
  });
  return { r, okWrites, unknownWrites, refused, readsFailed, counted };
}

describe('dynamodb > item collections', () => {
  it('accepts into each key\'s collection exactly the writes that fit under the limit, then refuses the rest without retrying', () => {
    const { r, okWrites, refused, readsFailed } = run('lsis: 1');
    expect([...okWrites.keys()].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // 800 KB of room at 8 KB a write: 100 writes each, then every write to it is refused.
    for (const n of okWrites.values()) expect(n).toBe(100);
    expect(refused.length).toBe(Number(r.summary.writes) - 1000);
    expect(refused.every((x) => x.attempts === 1)).toBe(true);
    // 100 writes per key at about 10 a second (keys drawn at random): a collection fills after about 10 s.
    const firstS = [...okWrites.keys()].map((k) => Math.min(...refused.filter((x) => x.key === k).map((x) => x.invokeUs)) / 1e6).sort((a, b) => a - b);
    expect(firstS[0]).toBeGreaterThan(7);
    expect(firstS[4]).toBeGreaterThan(9);
    expect(firstS[4]).toBeLessThan(11);
    expect(firstS[9]).toBeLessThan(13);
    expect(readsFailed).toBe(0);
    expect(r.summary.linearizable).toBe(true);
  });

  it('keeps each collection\'s size across a leader crash: the new leader counts what its replica applied and logged', () => {
    const { r, okWrites, unknownWrites, refused } = run('lsis: 1', 'append', '[ { at: 4s, kind: crash, target: { role: leader, partition: 0 }, for: 10s } ]');
    expect(r.summary.lost_writes).toBe(0);
    expect(refused.length).toBeGreaterThan(0);
    // A timed-out write may have taken its room: never more than 100 acknowledged, never fewer
    // than 100 acknowledged or unknown (the room was not given back).
    for (const [k, n] of okWrites) {
      expect(n).toBeLessThanOrEqual(100);
      expect(n + (unknownWrites.get(k) ?? 0)).toBeGreaterThanOrEqual(100);
    }
  });

  it('refuses nothing without an LSI (the limit is the LSIs\'), nor with overwriting writes', () => {
    const noLsi = run('lsis: 0');
    expect(noLsi.refused).toEqual([]);
    expect(noLsi.r.summary.ops_failed).toBe(0);
    const overwrite = run('lsis: 1', 'overwrite');
    expect(overwrite.refused).toEqual([]);
    expect(overwrite.r.summary.ops_failed).toBe(0);
  });

  it('counts the refusals in item_collection_full, the room shrinking with each LSI', () => {
    const { r, refused, counted, okWrites } = run('lsis: 2');
    // Three copies of 4 KB a write: 66 fit in 800 KB (66 x 12 KB = 792 KB).
    for (const n of okWrites.values()) expect(n).toBe(66);
    expect(refused.length).toBe(Number(r.summary.writes) - 660);
    expect(counted).toBe(refused.length);
  });
});
