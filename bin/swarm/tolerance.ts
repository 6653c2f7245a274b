// What each engine promises to survive, for `faultline swarm --within-tolerance`, and the bound
// it states for recovery once every fault has healed (the liveness phase). The figures are the
// services' published ones where AWS publishes one, else what the engine's own default timers
// add up to; the reasons are in docs/swarm.md. Keyed by engine type; engines/ is not touched.
// Leaves out: tolerance that depends on engine options other than Redis's node_timeout (a
// scenario that slows failover down should widen its run, not this table).

import type { FaultKind } from '../../sim/fault-spec.ts';
import type { EngineOptions } from '../../engines/engine.ts';
import { redisDeclared } from '../../engines/redis/options.ts';

const S = 1_000_000;

/** The properties a swarm run can fail, in the order a verdict names the first failed one. */
export const PROPERTIES = ['invariant', 'no-lost-writes', 'bounded-loss', 'linearizable', 'liveness'] as const;
export type Property = (typeof PROPERTIES)[number];

/** A generated fault, as far as the tolerance rules need to see it. */
export interface FaultScope {
  kind: FaultKind;
  /** AZs it takes out or cuts off (every AZ when its target is a role, found only when it fires). */
  azs: readonly string[];
  /** Nodes it hits by name (empty for an AZ or a role). */
  nodes: readonly string[];
  /** Storage nodes only (Aurora's "plus one storage node"). */
  storageOnly: boolean;
  /** Shards whose nodes it hits (Redis), every shard when not known. */
  shards: readonly number[] | 'all';
}

export interface Tolerance {
  engine: string;
  /** Fault kinds within the promise. */
  kinds: readonly FaultKind[];
  /** After a fault heals, this long before another may start (re-sync, repair, failover). */
  gapUs: number;
  /** Liveness: once every fault has healed, writes succeed again within this long. */
  recoveryBoundUs(options: EngineOptions): number;
  /** May all these faults be in effect (or within `gapUs` of healing) at once? */
  together(active: readonly FaultScope[]): boolean;
  /** Acknowledged writes are never lost (synchronous replication or quorum commit). */
  noLostWrites: boolean;
  /** Crashes, restarts and AZ outages last at least this long (Redis: long enough for a failover). */
  minDownUs?(options: EngineOptions): number;
  /** Redis: the most rpo_s (span of lost acknowledged writes) may reach, in seconds. */
  lossBoundS?(options: EngineOptions): number;
  /** In words, for the report. */
  promise: string;
}

const one = (active: readonly FaultScope[]) => active.length <= 1;

const fixed = (us: number) => () => us;

/** Redis Cluster's cluster-node-timeout as the scenario sets it (its typed option; the option's default when not set). */
const nodeTimeoutUs = (o: EngineOptions) => redisDeclared.values(o).nodeTimeoutUs;

const TABLE: readonly Tolerance[] = [
  {
    engine: 'rds-multi-az',
    kinds: ['crash', 'restart', 'pause', 'az-outage', 'partition', 'latency', 'failover'],
    gapUs: 120 * S,
    recoveryBoundUs: fixed(120 * S),
    together: one,
    noLostWrites: true,
    promise: 'one instance (or one AZ) at a time, 120 s apart so the standby is back in sync; writes back within 120 s',
  },
  {
    engine: 'rds-multi-az-cluster',
    kinds: ['crash', 'restart', 'pause', 'az-outage', 'partition', 'latency', 'failover'],
    gapUs: 60 * S,
    // AWS gives "typically under 35 seconds" for the failover, a typical figure rather than a
    // bound; when the writer is back before the promotion it restarts instead (50-70 s to start).
    recoveryBoundUs: fixed(120 * S),
    together: one,
    noLostWrites: true,
    promise: 'one instance (or one AZ) at a time, 60 s apart so the readers are back in sync; writes back within 120 s',
  },
  {
    engine: 'aurora',
    kinds: ['crash', 'restart', 'pause', 'az-outage', 'partition', 'latency', 'failover'],
    gapUs: 60 * S,
    recoveryBoundUs: fixed(60 * S),
    // Invariant: at most one fault wider than a storage node, plus at most one storage node outside its AZ.
    together: (active) => {
      if (active.length <= 1) return true;
      if (active.length > 2) return false;
      const [a, b] = active;
      const extra = (x: FaultScope, y: FaultScope) => x.storageOnly && x.nodes.length === 1 && y.azs.length === 1 && !y.azs.includes(x.azs[0]);
      return extra(a, b) || extra(b, a);
    },
    noLostWrites: true,
    promise: 'one AZ (or one instance) plus one more storage node at a time, 60 s apart for segment repair; writes back within 60 s',
  },
  {
    engine: 'dynamodb',
    kinds: ['crash', 'restart', 'pause', 'az-outage', 'partition', 'latency'],
    gapUs: 15 * S,
    recoveryBoundUs: fixed(15 * S),
    // Invariant: every fault in effect lies inside one and the same AZ.
    together: (active) => new Set(active.flatMap((f) => f.azs)).size <= 1,
    noLostWrites: true,
    promise: 'any faults inside one AZ; writes back within 15 s',
  },
  {
    engine: 'redis-cluster',
    kinds: ['crash', 'restart', 'pause', 'partition', 'latency', 'failover'],
    gapUs: 30 * S,
    recoveryBoundUs: (o) => 2 * nodeTimeoutUs(o),
    // Invariant: one fault in effect at a time, on one node. Two faults could take out two of
    // three primaries, leaving no majority to mark either FAIL; so can one AZ, once failovers
    // have moved two primaries into it (seeds 20 and 45 of swarm-redis-cluster did).
    together: (active) => active.length <= 1 && active.every((f) => f.kind === 'latency' || f.nodes.length === 1),
    // A primary without persistence that is back before node_timeout keeps its slots with an
    // empty dataset and its replica resyncs to it: the shard's data is gone. Redis documents
    // this hazard (replication docs, "Safety of replication when master has persistence turned
    // off"); the promise holds only when the replica takes over first.
    minDownUs: (o) => 2 * nodeTimeoutUs(o),
    noLostWrites: false,
    // A minority-side primary stops taking writes once a ping to the majority has been pending
    // node_timeout, and it sends that ping up to node_timeout / 2 after the last answer; 2 s more
    // for the FAIL report's gossip and the election.
    lossBoundS: (o) => (1.5 * nodeTimeoutUs(o)) / S + 2,
    promise: 'one node at a time, down at least 2 x node_timeout, 30 s apart for failover; writes back within 2 x node_timeout; loss spans at most 1.5 x node_timeout + 2 s',
  },
];

/** Outside the table (rds-single-az, or no --within-tolerance on an unknown engine): the properties every engine keeps. */
export const GENERIC: Tolerance = {
  engine: '*',
  kinds: [],
  gapUs: 120 * S,
  recoveryBoundUs: fixed(120 * S),
  together: one,
  noLostWrites: false,
  promise: 'no promise recorded for this engine: only linearizability, invariants and liveness are checked',
};

export function toleranceOf(engine: string): Tolerance | undefined {
  return TABLE.find((t) => t.engine === engine);
}

export const TOLERANCE_ENGINES: readonly string[] = TABLE.map((t) => t.engine);
