// For tests only: fake engine factories that declare options of every kind, roles and labels,
// like the real engines will, so the loader can be tested before (and independently of) them.
// They cannot build anything: `create` and `nodesOf` throw.
// Leaves out: any behaviour; never register these in engines/registry.ts.

import type { EngineFactory, OptionSchema } from '../../engines/engine.ts';

function factory(type: string, roles: string[], labels: string[], options: OptionSchema, check?: EngineFactory['check']): EngineFactory {
  return {
    type,
    summary: `fake ${type} for loader tests`,
    roles,
    labels,
    options,
    check,
    create() {
      throw new Error(`fake engine ${type} cannot be built`);
    },
    nodesOf() {
      throw new Error(`fake engine ${type} cannot be laid out`);
    },
  };
}

/** An aurora-like engine with one option of every kind. */
export const fakeAurora = factory(
  'aurora',
  ['writer', 'replica', 'storage'],
  [],
  {
    replicas: { kind: 'integer', default: 1, min: 0, max: 15, doc: 'read replicas' },
    failover_timeout: { kind: 'duration', default: 30_000_000, min: 1_000, doc: 'time before failover' },
    storage_latency: { kind: 'distribution', default: { kind: 'constant', value: 500 }, doc: 'storage node delay' },
    service: { kind: 'service', default: { workers: 8, time: { kind: 'exponential', mean: 200 } }, doc: 'service queue' },
    read_ratio: { kind: 'number', default: 0.5, min: 0, max: 1, doc: 'a fraction' },
    page_size: { kind: 'size', default: 16_384, doc: 'page size' },
    iops: { kind: 'rate', default: 3000, doc: 'I/O rate' },
    backtrack: { kind: 'boolean', default: false, doc: 'a flag' },
    tier: { kind: 'enum', default: 'standard', values: ['standard', 'io-optimized'], doc: 'storage tier' },
    writer_az: { kind: 'az', default: null, doc: 'where the writer goes' },
    replica_azs: { kind: 'az-list', default: null, doc: 'where replicas go' },
  },
  (options) => {
    const azs = options.replica_azs as string[] | null;
    if (azs !== null && azs.length !== options.replicas) {
      return [{ option: 'replica_azs', message: `lists ${azs.length} AZs for ${String(options.replicas)} replicas` }];
    }
    return [];
  },
);

export const fakeDynamo = factory('dynamodb', ['storage', 'leader', 'follower', 'router'], ['partition'], {
  partitions: { kind: 'integer', default: 4, min: 1, doc: 'partitions' },
  mode: { kind: 'enum', default: 'provisioned', values: ['provisioned', 'on-demand'], doc: 'capacity mode' },
  home_az: { kind: 'az', default: 'az-a', doc: 'an az option with a default' },
});

export const fakeRedis = factory('redis-cluster', ['primary', 'replica'], ['shard'], {
  shards: { kind: 'integer', default: 3, min: 1, doc: 'shards' },
  node_timeout: { kind: 'duration', default: 15_000_000, doc: 'cluster-node-timeout' },
  maxmemory: { kind: 'size', default: 1024 ** 3, doc: 'memory per node' },
});

export const fakeDax = factory('dax', ['dax-node'], [], {
  nodes: { kind: 'integer', default: 3, min: 1, doc: 'cluster nodes' },
});

export const FAKE_ENGINES: readonly EngineFactory[] = [fakeAurora, fakeDynamo, fakeRedis, fakeDax];
