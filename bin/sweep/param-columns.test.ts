import { describe, expect, it } from 'vitest';
import type { OptionSpec } from '../../engines/engine.ts';
import { SUMMARY_COLUMNS } from '../../reports/summary-columns.ts';
import { comboCells, setCell, setColumnNames, setSpecOf } from './param-columns.ts';

const SCHEMA: Record<string, OptionSpec> = {
  dns_ttl: { kind: 'duration', default: 5_000_000, doc: '' },
  replicas: { kind: 'integer', default: 1, doc: '' },
  maxmemory: { kind: 'size', default: 0, doc: '' },
  full_sync_rate: { kind: 'size', default: 0, doc: '' },
  repair_bandwidth: { kind: 'rate', default: 1, doc: '' },
  appendonly: { kind: 'boolean', default: false, doc: '' },
  capacity_mode: { kind: 'enum', default: 'on_demand', values: ['on_demand', 'provisioned'], doc: '' },
  wal_latency: { kind: 'distribution', default: { kind: 'constant', value: 1 } as never, doc: '' },
  replica_azs: { kind: 'az-list', default: null, doc: '' },
  engine: { kind: 'duration', default: 0, doc: '' },
};
const specOf = setSpecOf(SCHEMA);

describe('sweep > set columns', () => {
  it('names each column after its option and the unit its kind measures in', () => {
    const keys = Object.keys(SCHEMA).filter((k) => k !== 'engine').map((k) => `engine.${k}`);
    expect(setColumnNames(keys, specOf, SUMMARY_COLUMNS)).toEqual([
      'dns_ttl_s',
      'replicas',
      'maxmemory_bytes',
      'full_sync_rate_bytes_per_s',
      'repair_bandwidth_per_s',
      'appendonly',
      'capacity_mode',
      'wal_latency',
      'replica_azs',
    ]);
  });

  it('keeps two flags of one option name in different sections, or a name a summary column has, apart by their whole keys', () => {
    expect(setColumnNames(['engine.dns_ttl', 'cache.dns_ttl'], specOf, SUMMARY_COLUMNS)).toEqual(['dns_ttl_s', 'cache_dns_ttl']);
    // Only the engine's prefix is dropped: another section's key keeps its section's name.
    const both = (key: string) => SCHEMA[key.slice(key.indexOf('.') + 1)];
    expect(setColumnNames(['engine.dns_ttl', 'cache.dns_ttl'], both, SUMMARY_COLUMNS)).toEqual(['dns_ttl_s', 'cache_dns_ttl_s']);
    expect(setColumnNames(['engine.cache_dns_ttl', 'cache.dns_ttl'], (k) => (k === 'cache.dns_ttl' ? undefined : SCHEMA.replicas), SUMMARY_COLUMNS)).toEqual(['engine.cache_dns_ttl', 'cache.dns_ttl']);
    expect(setColumnNames(['engine.replicas'], specOf, ['replicas', ...SUMMARY_COLUMNS])).toEqual(['engine.replicas']);
    expect(setColumnNames(['engine.engine'], specOf, ['engine_s'])).toEqual(['engine.engine_s']);
  });

  it('holds a duration in seconds, a number as loaded and a distribution or AZ list as written', () => {
    expect(setCell(SCHEMA.dns_ttl, 5_000_000, '5s')).toBe('5');
    expect(setCell(SCHEMA.dns_ttl, 250_000, '250ms')).toBe('0.25');
    expect(setCell(SCHEMA.dns_ttl, 1, '1us')).toBe('0.000001');
    expect(setCell(SCHEMA.maxmemory, 104_857_600, '100mb')).toBe('104857600');
    expect(setCell(SCHEMA.appendonly, true, 'true')).toBe('true');
    expect(setCell(SCHEMA.wal_latency, { kind: 'constant' }, '{constant: 2ms}')).toBe('{constant: 2ms}');
    expect(setCell(undefined, 7, 'seven')).toBe('seven');
    const combo = [
      { key: 'engine.dns_ttl', option: 'dns_ttl', value: '1500ms' },
      { key: 'engine.replica_azs', option: 'replica_azs', value: '[az-b,az-c]' },
    ];
    expect(comboCells(combo, { dns_ttl: 1_500_000, replica_azs: ['az-b', 'az-c'] }, specOf)).toEqual(['1.5', '[az-b,az-c]']);
  });

  it('gives a workload, fault, cache or region key the unit its values are written in, and the number in it', () => {
    const flags = [
      { key: 'faults.0.for', values: ['30s', '1m'] },
      { key: 'workload.rate', values: ['500/s', '1000/s'] },
      { key: 'workload.value_size', values: ['1KB'] },
      { key: 'workload.mix.read', values: ['0.5', '0.9'] },
      { key: 'cache.node_timeout', values: ['0', '2s'] },
      { key: 'region.azs', values: ['[az-a,az-b]'] },
      { key: 'workload.clients', values: ['4', '8s'] }, // no one unit: kept as text
    ];
    const of = setSpecOf(SCHEMA, flags);
    expect(setColumnNames(flags.map((f) => f.key), of, SUMMARY_COLUMNS)).toEqual([
      'faults_0_for_s',
      'workload_rate_per_s',
      'workload_value_size_bytes',
      'workload_mix_read',
      'cache_node_timeout_s',
      'region_azs',
      'workload_clients',
    ]);
    const combo = flags.map((f) => ({ key: f.key, option: f.key, value: f.values.at(-1)! }));
    expect(comboCells(combo, {}, of)).toEqual(['60', '1000', '1024', '0.9', '2', '[az-a,az-b]', '8s']);
  });
});
