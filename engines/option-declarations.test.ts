import { describe, expect, it } from 'vitest';
import { boolean, choice, defineOptions, distribution, duration, integer, rekeyed } from './option-declarations.ts';
import { findEngine } from './registry.ts';

const S = 1_000_000;

const declared = defineOptions({
  dnsTtlUs: duration('dns_ttl', 5 * S, { min: 1_000, doc: 'TTL of the records' }),
  replicas: integer('replicas', 1, { min: 0, max: 15, doc: 'replicas' }),
  elasticache: boolean('elasticache', false, { doc: 'managed failover' }),
  policy: choice('maxmemory_policy', 'noeviction', ['allkeys-lru', 'noeviction'] as const, { doc: 'eviction' }),
  promotion: distribution('promotion', { kind: 'uniform', low: 1, high: 2 }, { doc: 'promotion time' }),
});

describe('option declarations', () => {
  it('yield the schema by scenario key, in declaration order, with kind, default, range and doc', () => {
    expect(Object.keys(declared.schema)).toEqual(['dns_ttl', 'replicas', 'elasticache', 'maxmemory_policy', 'promotion']);
    expect(declared.schema.dns_ttl).toEqual({ kind: 'duration', default: 5 * S, min: 1_000, doc: 'TTL of the records' });
    expect(declared.schema.maxmemory_policy).toEqual({ kind: 'enum', default: 'noeviction', values: ['allkeys-lru', 'noeviction'], doc: 'eviction' });
    // A bound not given is no key at all: the schema is plain data, compared and printed as such.
    expect(Object.keys(declared.schema.elasticache)).toEqual(['kind', 'default', 'doc']);
  });

  it('read parsed options (by key) as typed values (by field), an option not given as its default', () => {
    const v = declared.values({ dns_ttl: 30 * S, maxmemory_policy: 'allkeys-lru' });
    expect(v).toEqual({ dnsTtlUs: 30 * S, replicas: 1, elasticache: false, policy: 'allkeys-lru', promotion: { kind: 'uniform', low: 1, high: 2 } });
    // A default handed out is a copy: changing it changes no other run's options.
    expect(v.promotion).not.toBe(declared.schema.promotion.default);
  });

  it('map typed values back to scenario keys, and refuse a field nobody declared', () => {
    expect(declared.byKey({ dnsTtlUs: 1 * S, elasticache: true })).toEqual({ dns_ttl: 1 * S, elasticache: true });
    expect(() => declared.byKey({ nope: 1 } as never)).toThrow(/no option declared for field nope/);
  });

  it('refuse two fields with one key', () => {
    expect(() => defineOptions({ a: boolean('x', false, { doc: '' }), b: boolean('x', true, { doc: '' }) })).toThrow(/option x declared twice/);
  });

  it('give the same option under another key', () => {
    expect(rekeyed(declared.fields.replicas, 'count')).toEqual({ key: 'count', spec: declared.schema.replicas });
  });

  it("give each engine's schema as it was written by hand before (a few options of each)", () => {
    expect(findEngine('rds-multi-az')!.options.standby_timeout).toEqual({ kind: 'duration', default: 10 * S, min: 1_000, doc: expect.stringContaining('stops waiting for a standby') });
    expect(Object.keys(findEngine('rds-single-az')!.options)).not.toContain('promotion');
    expect(findEngine('aurora')!.options.repair_bandwidth).toMatchObject({ kind: 'rate', default: 10_000_000_000, min: 1_000_000, max: 1e12 });
    expect(findEngine('redis-cluster')!.options.maxmemory_policy).toMatchObject({ kind: 'enum', default: 'volatile-lru', values: ['volatile-lru', 'allkeys-lru', 'noeviction'] });
    const dynamo = findEngine('dynamodb')!;
    expect(dynamo.options.replica_azs).toMatchObject({ kind: 'az-list', default: null });
    expect(dynamo.caches![0].options).toEqual({ bypass: dynamo.options.dax_bypass, service: dynamo.options.dax_service, query_ttl: dynamo.options.dax_query_ttl });
    const counts = ['rds-single-az', 'rds-multi-az', 'rds-multi-az-cluster', 'dynamodb', 'aurora', 'redis-cluster'].map((t) => Object.keys(findEngine(t)!.options).length);
    // aurora: serverless(_min_acu|_max_acu|_workers_per_acu|_target_utilization|_scale_up|_scale_down|_auto_pause_after|_resume), replica_classes; dynamodb: adaptive_capacity(_delay),
    // log_replica(s|_delay), split_for_heat(_after|_threshold), stream(_batch_size|_poll_interval|_invoke_time|_record_time|_retention); RDS and Aurora: the 8 client_path options;
    // rds: log_syncs, instance_class; the cluster also engine, flow_control_target_lag, local_storage_latency in place of storage_latency.
    expect(counts).toEqual([27, 30, 33, 62, 53, 35]); // redis also global_secondary_azs, global_promotion; rds also cross_region_replica_azs; dynamodb also gsi_wcu, gsi_partitions, gsi_propagation_delay, gsi_backlog_limit, lsis, query_index, item_writes, item_collection_limit, item_collection_start, dax_query_ttl, global_table_azs, global_consistency, replication_poll_interval, replication_batch_size, replication_apply_time, replication_timeout; aurora also global_azs, global_readers, write_forwarding
  });
});
