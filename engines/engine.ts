// The engine contract: what every database topology provides to the simulator, and what the
// simulator provides to it. An engine is a folder that exports one EngineFactory per type; it
// imports only sim/ and this file, never another engine's internals.
//
// An engine validates nothing itself: it declares its options (kind, default, documentation)
// and the scenario loader checks user input against them, so every engine reports bad options
// the same way (file, line, field) and `faultline list` documents every option from one place.

import type { Distribution } from '../sim/distribution.ts';
import type { Driver } from '../sim/operation.ts';
import type { SimClient } from '../sim/client.ts';
import type { SimNode } from '../sim/node.ts';
import type { Sim } from '../sim/sim.ts';

/** How a node serves requests: N workers and a service-time distribution (microseconds). */
export interface ServiceSpec {
  workers: number;
  time: Distribution;
}

/** Option kinds and the parsed value each gives the engine. */
export type OptionSpec =
  | { kind: 'duration'; default: number; doc: string; min?: number; max?: number } // microseconds
  | { kind: 'distribution'; default: Distribution; doc: string } // microseconds
  | { kind: 'service'; default: ServiceSpec; doc: string }
  | { kind: 'integer'; default: number; doc: string; min?: number; max?: number }
  | { kind: 'number'; default: number; doc: string; min?: number; max?: number }
  | { kind: 'size'; default: number; doc: string; min?: number; max?: number } // bytes
  | { kind: 'rate'; default: number; doc: string; min?: number; max?: number } // per second
  | { kind: 'boolean'; default: boolean; doc: string }
  | { kind: 'enum'; default: string; values: readonly string[]; doc: string }
  | { kind: 'enum-list'; default: string[]; values: readonly string[]; doc: string } // each one of `values`; [] = none given
  | { kind: 'az'; default: string | null; doc: string } // one of the region's AZs; null = engine picks
  // anyRegion: the AZs may be in any region of `regions:` (a cross-region replica's), not only the home one.
  | { kind: 'az-list'; default: string[] | null; doc: string; anyRegion?: true };

export type OptionSchema = Readonly<Record<string, OptionSpec>>;

// An engine declares each option once (key, kind, default, range, doc, and the typed field it
// reads), with the helpers of option-declarations.ts; they are part of this contract.
export { anyRegionAzList, az, azList, boolean, choice, choiceList, defineOptions, distribution, duration, integer, number, rate, rekeyed, service, size } from './option-declarations.ts';
export type { DeclaredOptions, OptionDecl, OptionFields, OptionValues } from './option-declarations.ts';
// The options RDS and Aurora share for how clients reach the writer (dns, rds-proxy, topology-aware).
export { clientPathOptions } from './client-path-options.ts';
export { INSTANCE_SIZES } from './instance-sizes.ts';

/** Parsed options: each key of the schema with a value of its kind. */
export type EngineOptions = Readonly<Record<string, unknown>>;

/** A cross-field problem with a user's options, named by the option it concerns. */
export interface OptionProblem {
  option: string;
  message: string;
}

export interface EngineContext {
  sim: Sim;
  /** Number of keys in the workload (keys are k0 .. k{count-1}). */
  keyCount: number;
  /** Replication lag of one write applied on one replica: apply time minus commit time. */
  replicationLag(replica: string, lagUs: number): void;
  /**
   * Adds to one of the engine's own counters (consumed capacity units, evictions, ...): each
   * becomes a column of timeseries.csv, summed per interval (a name ending in `_max` keeps the
   * interval's largest value instead: an age, a depth). Names come from Engine.counters().
   */
  count(counter: string, amount: number): void;
  /**
   * Optional reports of what is settled for good about a written value, so the measurement can
   * forget it: no failure can lose the write of `value` any more (valueDurable), or no read can
   * return `value` any more because a newer write replaced it everywhere (valueUnreadable).
   */
  valueDurable?(value: number): void;
  valueUnreadable?(value: number): void;
  /** Some operations are queries by index key (Operation.index): an engine serving them adds their counters. */
  queries?: boolean;
}

export interface Engine {
  /** Every node, in a stable order (fault targets' `index` counts in it). */
  nodes(): readonly SimNode[];
  /** The failure domain a key belongs to: 'db', 'shard-3', 'partition-12', ... */
  domainOf(keyIndex: number): string;
  /** Every failure domain, in a stable order. */
  domains(): readonly string[];
  /** The client-side logic (DNS, connections, routing) for one client. */
  driver(client: SimClient): Driver;
  /** An operator-initiated failover, or a read-replica promotion, on these nodes. */
  operatorFailover(nodes: SimNode[]): void;
  /**
   * A managed switchover to the secondary (another region's cluster) holding these nodes: planned
   * (no data loss: it waits for the secondary to catch up) or, with allowDataLoss, a failover with
   * what the secondary holds. Only engines whose factory says canSwitchover have it.
   */
  switchover?(nodes: SimNode[], allowDataLoss: boolean): void;
  /** Called once when the run is over: the values each key holds in its surviving history. */
  survivingValues(keyIndex: number): Iterable<number>;
  /**
   * Called once when the run is over: for each replica that follows a writer and has committed
   * records it has not applied, the commit time of the oldest of them (a backlog that never
   * drained; its age at the end is replication lag). Optional: an engine without it reports none.
   */
  replicationBacklog?(): readonly ReplicaBacklog[];
  /** Whether its queries by index key may be strongly consistent (an LSI's, read on the base partition); absent or false: eventual only. */
  strongQueries?(): boolean;
  /** Names of the counters the engine reports through EngineContext.count (snake_case), if any. */
  counters?(): readonly string[];
  /** Which of its counters count a cache's hits and misses (for cache_hit_ratio); null without a cache. */
  cacheCounters?(): CacheCounters | null;
  /** pause-replication: stops replication to and from a region; returns how to resume (only with EngineFactory.replicatedRegions). */
  pauseReplication?(region: string): () => void;
}

/** A replica's unapplied records at the end of a run: the commit time (us) of the oldest. */
export interface ReplicaBacklog {
  readonly replica: string;
  readonly oldestCommitUs: number;
}

/** The names of two of an engine's counters: reads its cache served, and reads it did not. */
export interface CacheCounters {
  hits: string;
  misses: string;
}

/**
 * A cache an engine models itself (DAX inside DynamoDB): a scenario's `cache: { type }` turns it
 * on through the engine's own options instead of composing a second engine in front.
 */
export interface BuiltInCache {
  /** The `cache.type` value in scenario files. */
  readonly type: string;
  /** The strategies it supports; the first is the default. */
  readonly strategies: readonly ('cache-aside' | 'write-through')[];
  /** Its options in the `cache:` section (besides type, strategy and ttl). */
  readonly options: OptionSchema;
  /** The engine options that turn it on, from the section's ttl and its options. */
  engineOptions(ttlUs: number, options: EngineOptions): EngineOptions;
}

/**
 * A node as `create` lays it out, before anything runs: what a fault target is checked against.
 * Roles are the starting ones (after a failover, `writer` is another node).
 */
export interface NodeOutline {
  readonly name: string;
  readonly az: string;
  readonly roles: readonly string[];
  readonly labels: Readonly<Record<string, number>>;
}

export interface EngineFactory {
  /** The `engine.type` value in scenario files. */
  readonly type: string;
  /** One line for `faultline list`. */
  readonly summary: string;
  /** Roles a fault target may name for this engine. */
  readonly roles: readonly string[];
  /** Numeric labels a fault target may name (shard, partition). */
  readonly labels: readonly string[];
  readonly options: OptionSchema;
  /** Caches the engine models itself, if any. */
  readonly caches?: readonly BuiltInCache[];
  /**
   * True for an engine that only sits in front of another as its `cache:` (Memcached holds no
   * record of its own): `engine.type` refuses it.
   */
  readonly cacheOnly?: boolean;
  /** Cross-field checks beyond each option's own kind and range; `elsewhere`: with `regions:`, the region of each AZ of the other regions. */
  check?(options: EngineOptions, azs: readonly string[], elsewhere?: ReadonlyMap<string, string>): OptionProblem[];
  /** Whether an engine with these options has secondaries a `switchover` fault can switch to (absent: never). */
  canSwitchover?(options: EngineOptions): boolean;
  /**
   * The regions besides the home one holding a copy whose replication a `pause-replication`
   * fault may pause (DynamoDB global tables), from the options alone; with any, the home region
   * may be named too; absent or empty: the engine refuses that fault.
   */
  replicatedRegions?(options: EngineOptions, regionOf: ReadonlyMap<string, string>): string[];
  /** Builds the topology: nodes placed, roles given, DNS records set. Nothing runs yet. */
  create(ctx: EngineContext, options: EngineOptions): Engine;
  /**
   * The nodes `create` would build from these options, in the order of Engine.nodes(), with their
   * starting roles and labels, computed from the options alone (no per-key tables, no parts): how
   * `faultline validate` checks fault targets without building the topology.
   * Invariant: equal to create(...).nodes() right after create (test/node-outlines.test.ts).
   */
  nodesOf(options: EngineOptions, azs: readonly string[]): NodeOutline[];
  /**
   * The name of the host its managed control plane runs on (in the `control-plane` AZ), or null
   * when these options give it none; absent for an engine without one. A partition, latency or
   * loss side may name that AZ or this host.
   */
  controlPlaneHost?(options: EngineOptions, azs: readonly string[]): string | null;
}
