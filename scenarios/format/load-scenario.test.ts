// Loading whole scenarios: the format's example to its typed values, JSON, defaults, and each
// section's valid forms.

import { describe, expect, it } from 'vitest';
import { loadScenario } from './load-scenario.ts';
import { ScenarioError } from './scenario-error.ts';
import { FAKE_ENGINES, fakeAurora, fakeDynamo, fakeRedis } from './fake-engines.fixture.ts';
import type { Scenario } from './scenario.ts';
import { EXAMPLE, EXPECTED, M, S } from './example.fixture.ts';

const MINIMAL = `name: minimal
duration: 1m
engine: { type: aurora }
workload: { concurrency: 8 }
`;

function load(text: string, file = 'scenarios/test.yaml', opts: { seedOverride?: number } = {}) {
  return loadScenario(text, file, { engines: FAKE_ENGINES, ...opts });
}

/** MINIMAL with extra lines appended, each section's result. */
function withLines(...lines: string[]): Scenario {
  return load(MINIMAL + lines.join('\n') + '\n').scenario;
}

describe('scenario format', () => {
  describe('loading a full scenario', () => {
    it('loads the format example, adapted to a fake engine, to the expected typed values', () => {
      const { scenario } = load(EXAMPLE, 'scenarios/example.yaml');
      expect(scenario).toStrictEqual(EXPECTED);
    });

    it('gives the line of any key of the loaded file, or of its nearest enclosing key', () => {
      const { lineOf } = load(EXAMPLE, 'scenarios/example.yaml');
      expect(lineOf('engine.replicas')).toBe(18);
      expect(lineOf('faults[2].target')).toBe(57);
      expect(lineOf('faults[4]')).toBe(64);
      expect(lineOf('faults[4].add')).toBe(64);
      expect(lineOf('engine.no_such_option')).toBe(16);
      expect(lineOf('expect.linearizable')).toBe(73);
    });

    it('loads the same scenario written as JSON', () => {
      const json = JSON.stringify(
        {
          name: 'aurora-az-outage',
          description: 'Aurora keeps writing through the loss of one AZ.',
          seed: 42,
          duration: '10m',
          warmup: '10s',
          settle: '30s',
          region: {
            azs: ['az-a', 'az-b', 'az-c'],
            latency: {
              same_az: { median: '250us', p99: '1ms' },
              cross_az: { median: '800us', p99: '2.5ms' },
              client: { median: '300us', p99: '1.2ms' },
            },
            clocks: { max_offset: '1ms', max_drift_ppm: 50 },
          },
          engine: {
            type: 'aurora',
            replicas: 2,
            failover_timeout: '1m30s',
            storage_latency: { uniform: ['1ms', '3ms'] },
            service: { workers: 8, time: { exponential: '200us' } },
            read_ratio: 0.25,
            page_size: '1.5KB',
            iops: '2500/s',
            backtrack: true,
            tier: 'io-optimized',
            writer_az: 'az-b',
            replica_azs: ['az-a', 'az-c'],
          },
          cache: { type: 'redis-cluster', strategy: 'cache-aside', ttl: '5m', shards: 2 },
          workload: {
            clients: 12,
            rate: '2000/s',
            mix: { read: 0.8, write: 0.2 },
            read_consistency: 'strong',
            keys: { count: 10000, distribution: 'zipf', zipf_s: 0.99 },
            value_size: '1KB',
            timeout: '1s',
            retry: { attempts: 3, backoff: '50ms', max_backoff: '2s' },
          },
          faults: [
            { at: '1m', kind: 'az-outage', az: 'az-a', for: '2m' },
            { at: '3m30s', kind: 'partition', sides: [['az-a'], ['az-b', 'az-c']], for: '30s' },
            { at: '4m', kind: 'crash', target: { role: 'writer' }, for: '20s' },
            { at: '4m30s', kind: 'clock', target: { role: 'replica', index: 0 }, offset: '+2s', drift_ppm: 200 },
            { at: '5m', kind: 'latency', between: [['az-a'], ['az-b']], add: '50ms', for: '1m' },
            { at: '5m', kind: 'loss', between: [['az-c'], ['az-a', 'az-b']], probability: 0.2, for: '1m' },
            { at: '6m', kind: 'failover', target: { role: 'writer' } },
          ],
          expect: {
            availability_write: '>= 0.99',
            write_outage_s: '<= 35',
            lost_writes: '== 0',
            stale_reads: '== 0',
            linearizable: true,
          },
        },
        null,
        2,
      );
      const { scenario, lineOf } = load(json, 'scenarios/example.json');
      const lines = json.split('\n');
      const lineOfText = (text: string) => lines.findIndex((l) => l.includes(text)) + 1;
      expect(scenario).toStrictEqual({
        ...EXPECTED,
        file: 'scenarios/example.json',
        expect: EXPECTED.expect.map((e) => ({ ...e, line: lineOfText(`"${e.metric}"`) })),
      });
      expect(lineOf('workload.rate')).toBe(lineOfText('"rate"'));
    });

    it('rejects the format example as written: its clock fault names a role aurora lacks', () => {
      // SCENARIO-FORMAT.md's example targets { role: leader } on aurora (whose roles are writer,
      // replica, storage), and its last faults start at 5m and 6m with a 5m duration.
      const verbatim = EXAMPLE.replace('duration: 10m ', 'duration: 5m  ')
        .replace('target: { role: replica, index: 0 }', 'target: { role: leader }')
        .replace(/ {2}replicas: 2\n[\s\S]*?replica_azs: \[az-a, az-c\]\n/, '  replicas: 2\n')
        .replace('  shards: 2\n', '');
      expect(() => load(verbatim)).toThrow(
        'scenarios/test.yaml:50: faults[3].target.role: unknown role `leader` (aurora with a redis-cluster cache has roles: writer, replica, storage, primary)',
      );
    });
  });

  describe('defaults', () => {
    it('fills every default of a minimal scenario', () => {
      const { scenario } = load(MINIMAL, 'inline.yaml');
      expect(scenario).toStrictEqual({
        name: 'minimal',
        description: '',
        file: 'inline.yaml',
        seed: 1,
        durationUs: M,
        warmupUs: 0,
        settleUs: 30 * S,
        region: EXPECTED.region,
        engine: {
          type: 'aurora',
          options: {
            replicas: 1,
            failover_timeout: 30 * S,
            storage_latency: { kind: 'constant', value: 500 },
            service: { workers: 8, time: { kind: 'exponential', mean: 200 } },
            read_ratio: 0.5,
            page_size: 16_384,
            iops: 3000,
            backtrack: false,
            tier: 'standard',
            writer_az: null,
            replica_azs: null,
          },
        },
        cache: null,
        workload: {
          clients: [
            { az: 'az-a', count: 1 },
            { az: 'az-b', count: 1 },
            { az: 'az-c', count: 1 },
          ],
          load: { kind: 'closed', concurrency: 8 },
          readFraction: 0.5,
          consistency: 'strong',
          keyCount: 1000,
          keyDistribution: { kind: 'uniform' },
          valueSizeBytes: 1024,
          retry: { timeoutUs: S, attempts: 3, backoffUs: 50_000, maxBackoffUs: 2 * S },
        },
        faults: [],
        expect: [],
      });
    });

    it('gives each scenario its own copy of the defaults', () => {
      const a = load(MINIMAL).scenario;
      a.region.azs.push('az-z');
      (a.engine.options.service as { workers: number }).workers = 99;
      const b = load(MINIMAL).scenario;
      expect(b.region.azs).toEqual(['az-a', 'az-b', 'az-c']);
      expect(b.engine.options.service).toEqual({ workers: 8, time: { kind: 'exponential', mean: 200 } });
    });

    it('lets the seed override win over the file', () => {
      expect(load(`seed: 42\n${MINIMAL}`, 'x.yaml', { seedOverride: 7 }).scenario.seed).toBe(7);
      expect(load(MINIMAL, 'x.yaml', { seedOverride: 0 }).scenario.seed).toBe(0);
    });

    it('treats a key with nothing after it as absent', () => {
      const s = load(`${MINIMAL}faults:\nexpect:\ncache:\n`).scenario;
      expect([s.faults, s.expect, s.cache]).toEqual([[], [], null]);
    });

    it('uses the registered engines when none are given', () => {
      // The registry is filled by the engine folders; an engine it lacks is reported as such.
      expect(() => loadScenario(MINIMAL.replace('aurora', 'no-such-engine'), 'x.yaml')).toThrow(/engine type `no-such-engine`/);
    });
  });

  describe('workload', () => {
    it('spreads clients evenly over the AZs, the remainder to the first ones', () => {
      expect(withLines().workload.clients.length).toBe(3);
      const s = load(MINIMAL.replace('{ concurrency: 8 }', '{ concurrency: 8, clients: 4 }')).scenario;
      expect(s.workload.clients).toEqual([
        { az: 'az-a', count: 2 },
        { az: 'az-b', count: 1 },
        { az: 'az-c', count: 1 },
      ]);
      const two = load(MINIMAL.replace('{ concurrency: 8 }', '{ concurrency: 8, clients: 2 }')).scenario;
      expect(two.workload.clients).toEqual([
        { az: 'az-a', count: 1 },
        { az: 'az-b', count: 1 },
      ]);
    });

    it('reads clients per AZ in the region order', () => {
      const s = load(MINIMAL.replace('{ concurrency: 8 }', '{ concurrency: 8, clients: { az-c: 2, az-a: 6, az-b: 0 } }')).scenario;
      expect(s.workload.clients).toEqual([
        { az: 'az-a', count: 6 },
        { az: 'az-c', count: 2 },
      ]);
    });

    it('takes the other side of the mix as 1 minus the side given', () => {
      const w = load(MINIMAL.replace('{ concurrency: 8 }', '{ concurrency: 8, mix: { write: 0.25 } }')).scenario.workload;
      expect(w.readFraction).toBe(0.75);
      const r = load(MINIMAL.replace('{ concurrency: 8 }', '{ concurrency: 8, mix: { read: 1 } }')).scenario.workload;
      expect(r.readFraction).toBe(1);
    });

    it('fills hotspot and zipf defaults', () => {
      const hot = load(MINIMAL.replace('{ concurrency: 8 }', '{ concurrency: 8, keys: { distribution: hotspot } }')).scenario.workload;
      expect(hot.keyDistribution).toEqual({ kind: 'hotspot', hotKeys: 0.01, hotShare: 0.9 });
      const hot2 = load(
        MINIMAL.replace('{ concurrency: 8 }', '{ concurrency: 8, keys: { distribution: hotspot, hot_keys: 0.1, hot_share: 0.5 } }'),
      ).scenario.workload;
      expect(hot2.keyDistribution).toEqual({ kind: 'hotspot', hotKeys: 0.1, hotShare: 0.5 });
      const zipf = load(MINIMAL.replace('{ concurrency: 8 }', '{ concurrency: 8, keys: { distribution: zipf } }')).scenario.workload;
      expect(zipf.keyDistribution).toEqual({ kind: 'zipf', s: 0.99 });
    });
  });

  describe('distributions', () => {
    it.each([
      ['{ median: 1ms, p99: 4ms }', { kind: 'lognormal', median: 1_000, p99: 4_000 }],
      ['{ constant: 1ms }', { kind: 'constant', value: 1_000 }],
      ['{ uniform: [1ms, 3ms] }', { kind: 'uniform', low: 1_000, high: 3_000 }],
      ['{ exponential: 1ms }', { kind: 'exponential', mean: 1_000 }],
      ['0', { kind: 'constant', value: 0 }],
      ['2ms', { kind: 'constant', value: 2_000 }],
    ])('reads %s', (text, dist) => {
      const s = withLines('region:', '  latency:', `    same_az: ${text}`);
      expect(s.region.latency.sameAz).toEqual(dist);
      expect(s.region.latency.crossAz).toEqual(EXPECTED.region.latency.crossAz);
    });
  });

  describe('engine and cache options', () => {
    it('fills the rest of a service from its default', () => {
      const s = load(MINIMAL.replace('{ type: aurora }', '{ type: aurora, service: { workers: 2 } }')).scenario;
      expect(s.engine.options.service).toEqual({ workers: 2, time: { kind: 'exponential', mean: 200 } });
    });

    it('puts a dax cache in front of dynamodb', () => {
      const s = load(MINIMAL.replace('{ type: aurora }', '{ type: dynamodb, partitions: 8 }') + 'cache: { type: dax, strategy: write-through, nodes: 5 }\n').scenario;
      expect(s.engine).toEqual({ type: 'dynamodb', options: { partitions: 8, mode: 'provisioned', home_az: 'az-a' } });
      expect(s.cache).toEqual({ type: 'dax', strategy: 'write-through', ttlUs: 5 * M, options: { nodes: 5 } });
    });

    it('accepts the roles and labels of both the engine and the cache in targets', () => {
      const s = withLines(
        'cache: { type: redis-cluster }',
        'faults:',
        '  - { at: 1s, kind: crash, target: { role: primary, shard: 1 } }',
        '  - { at: 2s, kind: pause, target: { role: storage, az: az-b, index: 2 }, for: 5s }',
      );
      expect(s.faults.map((f) => ('target' in f ? f.target : null))).toEqual([
        { role: 'primary', shard: 1 },
        { role: 'storage', az: 'az-b', index: 2 },
      ]);
    });
  });

  describe('faults', () => {
    it('reads sides made of AZs, node names, selectors and single entries', () => {
      const s = withLines('faults:', "  - { at: 0s, kind: partition, sides: [az-a, [aurora-1, { role: writer }], [client-3]], one_way: false }");
      expect(s.faults[0]).toEqual({
        kind: 'partition',
        atUs: 0,
        sides: [['az-a'], ['aurora-1', { role: 'writer' }], ['client-3']],
        oneWay: false,
      });
    });

    it('reads a one-way partition and a clock fault with only a drift', () => {
      const s = withLines(
        'faults:',
        '  - { at: 1s, kind: partition, sides: [[az-a], [az-b]], one_way: true }',
        '  - { at: 1s, kind: clock, target: { node: aurora-2 }, drift_ppm: -100, for: 10s }',
        '  - { at: 1s, kind: clock, target: { node: aurora-2 }, offset: -500ms }',
        '  - { at: 1s, kind: restart, target: { role: writer } }',
      );
      expect(s.faults).toEqual([
        { kind: 'partition', atUs: S, sides: [['az-a'], ['az-b']], oneWay: true },
        { kind: 'clock', atUs: S, forUs: 10 * S, target: { node: 'aurora-2' }, offsetUs: 0, driftPpm: -100 },
        { kind: 'clock', atUs: S, target: { node: 'aurora-2' }, offsetUs: -500_000 },
        { kind: 'restart', atUs: S, target: { role: 'writer' } },
      ]);
    });

    it('accepts shard and partition only where the engine has them', () => {
      const s = load(
        MINIMAL.replace('{ type: aurora }', '{ type: dynamodb }') + 'faults: [{ at: 1s, kind: crash, target: { role: leader, partition: 3 } }]\n',
      ).scenario;
      expect(s.faults[0]).toEqual({ kind: 'crash', atUs: S, target: { role: 'leader', partition: 3 } });
    });
  });

  describe('expect', () => {
    it('reads every comparator and the string form of linearizable', () => {
      const s = withLines(
        'expect:',
        '  ops: "> 100"',
        '  ops_ok: ">= 1e2"',
        '  rpo_s: "< 0.5"',
        '  lost_writes: "<= 0"',
        '  stale_reads: "== 0"',
        '  linearizable: "== false"',
      );
      expect(s.expect.map((e) => [e.metric, e.comparator, e.bound, e.line])).toEqual([
        ['ops', '>', 100, 6],
        ['ops_ok', '>=', 100, 7],
        ['rpo_s', '<', 0.5, 8],
        ['lost_writes', '<=', 0, 9],
        ['stale_reads', '==', 0, 10],
        ['linearizable', '==', false, 11],
      ]);
    });

    it('reads a CAP verdict, bare or as "== verdict", when there is a partition to judge', () => {
      const s = withLines(
        'faults: [{ at: 1s, kind: partition, sides: [[az-a], [az-b, az-c]], for: 5s }]',
        'expect:',
        '  cap_during_partition: CP',
      );
      expect(s.expect.map((e) => [e.metric, e.comparator, e.bound])).toEqual([['cap_during_partition', '==', 'CP']]);
      const t = withLines('faults: [{ at: 1s, kind: partition, sides: [[az-a], [az-b]] }]', 'expect:', '  cap_during_partition: "== neither"');
      expect(t.expect.map((e) => e.bound)).toEqual(['neither']);
    });
  });

  describe('errors', () => {
    it('are ScenarioErrors whose message is one line naming file, line and field', () => {
      try {
        load(MINIMAL.replace('duration: 1m', 'duration: "1\\nm"'), 'scenarios/x.yaml');
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ScenarioError);
        const err = e as ScenarioError;
        expect(err.message).toBe('scenarios/x.yaml:2: duration: expected a duration like 250ms, 1s or 1m30s, got "1\\nm"');
        expect(err.message).not.toContain('\n');
      }
    });
  });
});

// Keep the fixtures honest: they declare what the loader is tested against.
describe('scenario format', () => {
  describe('test fixtures', () => {
    it('are fake factories that cannot build anything', () => {
      for (const f of [fakeAurora, fakeDynamo, fakeRedis]) expect(() => f.create({} as never, {})).toThrow(/cannot be built/);
    });
  });
});
