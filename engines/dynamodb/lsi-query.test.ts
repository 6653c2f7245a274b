// Queries by index key on a local secondary index: the LSI lives on the base partition and is
// written with the item, so a query reads what a read of the base key would (strong when the
// workload reads strongly), charged read capacity; a GSI's copy, fed asynchronously, can be stale.
import { describe, expect, it } from 'vitest';
import { loadText } from '../../test/bundled.ts';
import { runScenario } from '../../scenarios/run.ts';
import { QueryStaleness } from './query-staleness.fixture.ts';

const scenario = (engine: string) =>
  loadText(`
name: lsi-query
duration: 30s
warmup: 5s
settle: 10s
engine: { type: dynamodb, capacity_mode: provisioned, partitions: 4, rcu: 4000, wcu: 4000, ${engine} }
workload:
  clients: 8
  rate: 1000/s
  mix: { read: 0.2, write: 0.4, query: 0.4 }
  read_consistency: strong
  keys: { count: 200 }
  value_size: 1KB
`);

/** How stale the run's queries were, and the RCU it consumed. */
function run(engine: string) {
  const staleness = new QueryStaleness();
  let rcu = 0;
  const r = runScenario(scenario(engine), {
    checkLinearizability: false,
    sinks: {
      timeseries: (row) => {
        rcu += Number(row.rcu_consumed ?? 0);
      },
      history: staleness.history,
    },
  });
  return { r, queries: staleness.count, stale: staleness.staleAgesMs().length, rcu };
}

describe('dynamodb > lsi query', () => {
  it('answers queries on an LSI from the base partition: never older than a write acknowledged before them', () => {
    const lsi = run('lsis: 1');
    expect(lsi.queries).toBeGreaterThan(0.35 * 1000 * 30);
    expect(lsi.stale).toBe(0);
    expect(lsi.r.summary.ops_failed).toBe(0);
  });

  it('while the same queries on a GSI find its asynchronously applied copy stale now and then', () => {
    const gsi = run('gsi_wcu: 4000');
    expect(gsi.queries).toBeGreaterThan(0.35 * 1000 * 30);
    expect(gsi.stale).toBeGreaterThan(10);
  });

  it('charges an LSI query read capacity, as a strong read of the item (a GSI query takes none of the table\'s)', () => {
    const lsi = run('lsis: 1');
    const gsi = run('gsi_wcu: 4000');
    // 1 KB strong reads: 1 RCU each; the LSI run reads as often again as the GSI run's plain reads.
    expect(lsi.rcu / gsi.rcu).toBeGreaterThan(2.6);
    expect(lsi.rcu / gsi.rcu).toBeLessThan(3.4);
  });

  it('takes queries from a phase\'s own mix: none in a phase without, about its share in one with', () => {
    const s = loadText(`
name: phased-queries
duration: 20s
warmup: 0s
engine: { type: dynamodb, lsis: 1 }
workload:
  clients: 4
  phases:
    - { for: 10s, rate: 500/s, mix: { read: 0.5, write: 0.5 } }
    - { for: 10s, rate: 500/s, mix: { read: 0.2, write: 0.3, query: 0.5 } }
  read_consistency: strong
  keys: { count: 500 }
`);
    const at: number[] = [];
    const r = runScenario(s, { checkLinearizability: false, sinks: { history: (e) => e.type === 'invoke' && e.op.index === true && at.push(e.timeUs) } });
    expect(at.filter((t) => t < 10_000_000)).toEqual([]);
    const later = at.filter((t) => t >= 10_000_000).length;
    expect(later / (500 * 10)).toBeGreaterThan(0.45);
    expect(later / (500 * 10)).toBeLessThan(0.55);
    expect(r.summary.ops_failed).toBe(0);
  });
});
