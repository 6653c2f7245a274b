import { describe, expect, it } from 'vitest';
import { loadText } from '../../test/bundled.ts';
import { StreamShard } from './stream-shard.ts';
import { record, S } from './harness.fixture.ts';

describe('dynamodb > streams', () => {
  it('keeps each committed write once, in commit order, and drops records past the retention', () => {
    const shard = new StreamShard(10 * S);
    expect(shard.append(1, -1, 0, 0)).toBe(false); // a term's opening no-op
    expect(shard.append(2, 7, 100, 1 * S)).toBe(true);
    expect(shard.append(3, 8, 101, 2 * S)).toBe(true);
    // A new leader commits index 3 again with its own term's records: already in the stream.
    expect(shard.append(3, 8, 101, 5 * S)).toBe(false);
    expect(shard.read(0, 10).records.map((r) => r.value)).toEqual([100, 101]);
    // At 11.5 s the first record is past 10 s; it was read (position 1), so nothing expired unread.
    shard.trim(11.5 * S, 1);
    expect(shard.read(0, 10).records.map((r) => r.value)).toEqual([101]);
    expect(shard.expired).toBe(0);
    shard.trim(20 * S, 1);
    expect(shard.expired).toBe(1);
    expect(shard.end).toBe(2);
  });

  const run = (options: string) =>
    record(
      loadText(`
name: stream
duration: 2m
warmup: 0s
settle: 10s
engine: { type: dynamodb, partitions: 4, ${options} }
workload:
  clients: 8
  phases:
    - { for: 20s, rate: 400/s }
    - { for: 100s, rate: 40/s }
  mix: { write: 1 }
  keys: { count: 20000 }
  value_size: 1KB
`),
    );
  const sum = (rows: Record<string, unknown>[], c: string) => rows.reduce((a, r) => a + Number(r[c] ?? 0), 0);
  const maxOf = (rows: Record<string, unknown>[], c: string, fromS: number, toS: number) => Math.max(...rows.filter((r) => (r.t_s as number) >= fromS && (r.t_s as number) < toS).map((r) => r[c] as number));

  it('falls behind while writes outpace the consumer and catches up once they slow down', () => {
    // 30 ms a record: a shard is read at most ~33 records/s; the burst writes ~100/s to each.
    const r = run('stream: true, stream_record_time: 30ms');
    const written = sum(r.rows, 'stream_records');
    // Every acknowledged write is in the stream (and only committed ones).
    expect(written).toBeGreaterThanOrEqual(r.summary.ops_ok as number);
    expect(written).toBeLessThanOrEqual(r.summary.writes as number);
    expect(sum(r.rows, 'stream_records_processed')).toBe(written);
    expect(sum(r.rows, 'stream_records_expired')).toBe(0);
    // The iterator age climbs through the burst (the record read at t was written at about t / 3,
    // so ~2t/3 old: ~15 s by 25 s), then falls back near the poll interval once the backlog drains.
    expect(maxOf(r.rows, 'stream_iterator_age_ms_max', 18, 25)).toBeGreaterThan(12_000);
    expect(maxOf(r.rows, 'stream_iterator_age_ms_max', 110, 120)).toBeLessThan(1_000);
  });

  it('stays within a batch of the head when the consumer keeps up', () => {
    const r = run('stream: true');
    expect(maxOf(r.rows, 'stream_iterator_age_ms_max', 0, 120)).toBeLessThan(1_000);
  });

  it('adds no columns and draws nothing when streams are off', () => {
    const r = run('stream: false');
    expect(Object.keys(r.rows[0]).some((c) => c.startsWith('stream_'))).toBe(false);
  });
});
