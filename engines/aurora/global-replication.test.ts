// Aurora Global Database's storage-level replication, measured: the secondary's lag is the
// inter-region delay plus its volume's persist and its reader's apply (AWS: typically under a
// second), its readers are stale by about that lag, and write forwarding sends a secondary
// region's writes through its readers.
import { describe, expect, it } from 'vitest';
import { AWS_REGION_RTT_MS } from '../../scenarios/format/inter-region-latency.ts';
import { runGlobal } from './global-scenario.fixture.ts';

const ONE_WAY_MS = AWS_REGION_RTT_MS['us-east-1 us-west-2']! / 2;

describe('aurora > global database > replication', () => {
  it('lags by the inter-region one-way delay plus persist and apply: under 1 s at the defaults', () => {
    const s = runGlobal({}).summary;
    expect(Number(s.replication_lag_ms_p50)).toBeGreaterThan(ONE_WAY_MS * 0.9);
    expect(Number(s.replication_lag_ms_p50)).toBeLessThan(ONE_WAY_MS * 2);
    expect(Number(s.replication_lag_ms_max)).toBeLessThan(1000);
  });

  it('serves a secondary region\'s eventual reads stale by about the lag', () => {
    // Clients in us-west-2 only: every read is a secondary reader's.
    const s = runGlobal({ clients: '{ us-west-2: 4 }' }).summary;
    expect(Number(s.stale_reads)).toBeGreaterThan(0);
    expect(Number(s.staleness_ms_p99)).toBeLessThan(2 * Number(s.replication_lag_ms_max));
  });

  it('catches up after a partition between the regions: the server resends from the acknowledged point', () => {
    // Writers in the primary region only (the west's writes could not cross); 5 s cut.
    const s = runGlobal({ clients: '{ us-east-1: 4 }', faults: '  - { kind: region-partition, at: 10s, regions: [us-east-1, us-west-2], for: 5s }' }).summary;
    expect(Number(s.lost_writes)).toBe(0);
    // The oldest record held back waits the whole cut, then at most one resend interval (500 ms).
    expect(Number(s.replication_lag_ms_max)).toBeGreaterThan(5000);
    expect(Number(s.replication_lag_ms_max)).toBeLessThan(5000 + 500 + 200);
  });

  it('with write forwarding, a secondary region\'s writes reach the primary through its readers', () => {
    // The west clients cannot reach the primary's writer directly; their readers can.
    const cut = '  - { kind: partition, at: 0s, sides: [[client-1, client-2], [instance-1]] }';
    const direct = runGlobal({ clients: '{ us-west-2: 2 }', faults: cut }).summary;
    const forwarded = runGlobal({ clients: '{ us-west-2: 2 }', faults: cut, engine: '  write_forwarding: true' }).summary;
    expect(Number(direct.availability_write)).toBeLessThan(0.1);
    expect(Number(forwarded.availability_write)).toBeGreaterThan(0.99);
    // A forwarded write crosses the link both ways: at least the inter-region round trip.
    expect(Number(forwarded.write_latency_ms_p50)).toBeGreaterThan(ONE_WAY_MS * 2);
  });
});
