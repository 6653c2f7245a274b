import { describe, expect, it } from 'vitest';
import { Measurement, type MeasurementConfig } from './measurement.ts';
import type { TimeseriesRow } from './timeseries.ts';
import { ev, MS, play, SECOND as S } from './history.fixture.ts';

const CONFIG: MeasurementConfig = {
  warmupUs: 1 * S,
  endUs: 10 * S,
  intervalUs: 1 * S,
  maxOpUs: 1 * S,
  domainOf: () => 'db',
  clientName: (i) => `client-${i + 1}`,
  checkLinearizability: false,
};

function measured(): { m: Measurement; rows: TimeseriesRow[] } {
  const rows: TimeseriesRow[] = [];
  return { m: new Measurement(CONFIG, (r) => rows.push(r)), rows };
}

describe('reports > replication lag', () => {
  it("leaves out a rejoining replica's catch-up: records committed before it rejoined", () => {
    const { m } = measured();
    play(m, {
      // db-1 was the writer until it crashed at 2 s; it rejoins as a replica at 6 s and copies
      // what it missed (committed from 2 s on), then follows like any replica.
      events: [ev(6_000 * MS, 'rejoined', { node: 'db-1', domain: 'db' })],
      at: [
        { timeUs: 3_000 * MS, run: () => m.replicationLag(3_000 * MS, 2 * MS, 'db-3') }, // a working replica: lag
        { timeUs: 6_100 * MS, run: () => m.replicationLag(6_100 * MS, 4_000 * MS, 'db-1') }, // committed at 2.1 s: catch-up
        { timeUs: 6_200 * MS, run: () => m.replicationLag(6_200 * MS, 150 * MS, 'db-1') }, // committed at 6.05 s: lag
        { timeUs: 6_300 * MS, run: () => m.replicationLag(6_300 * MS, 3_000 * MS, 'db-3') }, // db-3 never left: lag
      ],
    });
    m.finish(12 * S, () => []);
    expect([m.lagMs.count, m.lagMs.max, m.catchUpApplies]).toEqual([3, 3_000, 1]);
  });

  it('counts a backlog left at the end of the run as lag of its age then', () => {
    const { m, rows } = measured();
    play(m, { at: [{ timeUs: 2_000 * MS, run: () => m.replicationLag(2_000 * MS, 1 * MS, 'replica-1') }] });
    // replica-1 never applied a record committed at 4 s: at the end (12 s) it is 8 s behind.
    m.finish(12 * S, () => [], 0, 0, [{ replica: 'replica-1', oldestCommitUs: 4 * S }]);
    expect(m.lagMs.count).toBe(2);
    expect(m.lagMs.max).toBeCloseTo(8_000, 0);
    expect(rows.at(-1)!.replication_lag_ms_max).toBeCloseTo(8_000, 0);
  });
});
