// A Memcached node crash in front of a database, measured from runs: the hit ratio drops by the
// crashed node's share of the reads (its keys on the ketama ring, weighted by how often each is
// read), the database serves those reads instead, and both come back once the restarted (empty)
// node has filled. With remove_failed the keys move to the other nodes and the hit ratio
// recovers while the node is still down.
import { describe, expect, it } from 'vitest';
import { runScenario, buildTopology, type RunResult } from '../../scenarios/run.ts';
import { loadText } from '../../test/bundled.ts';
import type { TimeseriesRow } from '../../reports/measure/timeseries.ts';
import type { CachedEngine } from '../cache/cached-engine.ts';
import type { MemcachedCluster } from './cluster.ts';

const KEYS = 3000;

function scenario(o: { cache?: string; keys?: string; count?: number; target?: string; engine?: string } = {}): string {
  return `
name: t
duration: 100s
warmup: 20s
settle: 5s
engine:
  type: ${o.engine ?? 'rds-multi-az-cluster'}
cache:
  type: memcached
  ttl: 5m
${o.cache ?? ''}
workload:
  clients: 6
  rate: 600/s
  mix: { read: 0.95, write: 0.05 }
  read_consistency: strong
  keys: { count: ${o.count ?? KEYS}, ${o.keys ?? 'distribution: zipf, zipf_s: 0.99'} }
  value_size: 1KB
  timeout: 1s
faults:
  - { at: 40s, kind: crash, target: ${o.target ?? '{ node: memcached-2 }'}, for: 30s }
`;
}

interface Window {
  hitRatio: number;
  dbReadsPerS: number;
}

interface Run {
  result: RunResult;
  window(fromS: number, toS: number): Window;
  total(counter: string): number;
}

function run(yaml: string): Run {
  const rows: Record<string, number>[] = [];
  const result = runScenario(loadText(yaml, 1), { sinks: { timeseries: (row: TimeseriesRow) => rows.push(row as unknown as Record<string, number>) } });
  return {
    result,
    window(fromS, toS) {
      let hits = 0;
      let misses = 0;
      let db = 0;
      for (const r of rows) {
        if (r.t_s < fromS || r.t_s >= toS) continue;
        hits += r.cache_hits;
        misses += r.cache_misses;
        db += r.db_reads;
      }
      return { hitRatio: hits / (hits + misses), dbReadsPerS: db / (toS - fromS) };
    },
    total: (c) => rows.reduce((s, r) => s + (r[c] ?? 0), 0),
  };
}

/** The crashed node's share of the keys, and of the reads (zipf weights, or uniform). */
function shares(yaml: string, node: number, zipfS: number | null): { keys: number; reads: number } {
  const s = loadText(yaml, 1);
  const cache = (buildTopology(s, 1).engine as CachedEngine).cache as MemcachedCluster;
  let keys = 0;
  let weight = 0;
  let total = 0;
  for (let k = 0; k < KEYS; k++) {
    const w = zipfS === null ? 1 : 1 / Math.pow(k + 1, zipfS);
    total += w;
    if (cache.nodeOfKey(k) === node) {
      keys++;
      weight += w;
    }
  }
  return { keys: keys / KEYS, reads: weight / total };
}

describe('memcached', () => {
  describe('node crash', () => {
    const yaml = scenario();
    const zipf = run(yaml);
    const before = zipf.window(25, 40);
    // From 2 s after the crash (each client has marked the node failed) to its restart.
    const during = zipf.window(42, 70);
    const after = zipf.window(85, 100);
    const share = shares(yaml, 1, 0.99);

    it('drops the hit ratio by the crashed node\'s share of the reads, and raises database reads by as many', () => {
      expect(before.hitRatio).toBeGreaterThan(0.85);
      // Every read of the lost node's keys misses: the hits left are the other nodes'.
      expect(during.hitRatio).toBeCloseTo(before.hitRatio * (1 - share.reads), 1);
      expect(Math.abs(during.hitRatio - before.hitRatio * (1 - share.reads))).toBeLessThan(0.03);
      const readsPerS = 600 * 0.95;
      expect(during.dbReadsPerS - before.dbReadsPerS).toBeGreaterThan(0.8 * share.reads * before.hitRatio * readsPerS);
      expect(during.dbReadsPerS - before.dbReadsPerS).toBeLessThan(1.2 * share.reads * before.hitRatio * readsPerS);
    });

    it('recovers once the restarted node, empty, has filled again; the database never fails a read', () => {
      expect(after.hitRatio).toBeGreaterThan(before.hitRatio - 0.02);
      expect(after.dbReadsPerS).toBeLessThan(before.dbReadsPerS * 1.2);
      expect(zipf.result.summary.availability_read).toBe(1);
      expect(zipf.result.summary.lost_writes).toBe(0);
    });

    it('has each client mark the node failed after 5 timeouts, and retry it every 2 s while it is down', () => {
      // 6 clients, about one mark per client per retry_timeout over the 30 s outage.
      const marks = zipf.total('cache_node_marked_failed');
      expect(marks).toBeGreaterThan(6 * 10);
      expect(marks).toBeLessThan(6 * 16);
      const lazy = run(scenario({ cache: '  retry_timeout: 10s' }));
      expect(lazy.total('cache_node_marked_failed')).toBeLessThan(marks / 2);
    });

    it('with uniform keys, drops the hit ratio by about a third: the node\'s share of the keys', () => {
      const u = scenario({ keys: 'distribution: uniform' });
      const uniform = run(u);
      const s = shares(u, 1, null);
      expect(s.keys).toBeGreaterThan(0.28);
      expect(s.keys).toBeLessThan(0.39);
      const b = uniform.window(30, 40).hitRatio;
      const d = uniform.window(42, 70).hitRatio;
      expect(Math.abs(d - b * (1 - s.keys))).toBeLessThan(0.04);
    });

    it('with remove_failed, moves the lost keys to the other nodes: misses only until they are filled there', () => {
      const moved = run(scenario({ cache: '  remove_failed: true' }));
      const settled = moved.window(50, 70);
      expect(settled.hitRatio).toBeGreaterThan(during.hitRatio + 0.1);
      expect(settled.dbReadsPerS).toBeLessThan(during.dbReadsPerS * 0.7);
    });

    it('with more nodes, a crash loses a smaller share', () => {
      const nine = run(scenario({ cache: '  nodes: 9' }));
      const drop9 = nine.window(25, 40).hitRatio - nine.window(42, 70).hitRatio;
      expect(drop9).toBeLessThan((before.hitRatio - during.hitRatio) / 2);
    });

    it('is a fault target as `{ role: cache }`, and refused as the database', () => {
      const byRole = run(scenario({ target: '{ role: cache, index: 1 }' }));
      expect(byRole.window(42, 70).hitRatio).toBeCloseTo(during.hitRatio, 5);
      expect(() => loadText(scenario({ engine: 'memcached' }), 1)).toThrow(/memcached is a cache only/);
    });

    it('evicts within its memory: a smaller node holds fewer keys and hits less', () => {
      // 20,000 keys of about 1.1 KB each: 1 MB holds about 900 of them per node, 64 MB all.
      const small = run(scenario({ cache: '  memory: 1MB', count: 20_000 }));
      const roomy = run(scenario({ count: 20_000 }));
      expect(small.total('cache_evictions')).toBeGreaterThan(1000);
      expect(roomy.total('cache_evictions')).toBe(0);
      expect(small.window(25, 40).hitRatio).toBeLessThan(roomy.window(25, 40).hitRatio - 0.04);
    });
  });
});
