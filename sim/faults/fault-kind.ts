// What one fault kind declares, in the one file that holds it (sim/faults/<kind>.ts): its spec
// (the plain data a scenario's `faults:` entry becomes), the keys it takes, how its keys are read,
// how it is applied and healed, how it is described in the event log, which Resilience Hub
// disruption type it is by default, whether it ends by itself, and what the target check looks
// at. registry.ts lists the kinds; nothing else names one.
// The reading is written against FaultFields, a port the scenario format implements with its own
// reader (file:line:field messages): sim/ stays free of the format, and a kind's keys and their
// parsing still sit beside its effect.
// Leaves out: the keys every fault shares (`at`, `kind`, `for`, `disruption`: the faults section
// reads those), how the swarm generates a kind and how FIS maps it (bin/, their own concerns).

import type { EventLog } from '../event-log.ts';
import type { Network } from '../network.ts';
import type { SimNode } from '../node.ts';
import type { Scheduler } from '../scheduler.ts';
import type { SimClient } from '../client.ts';
import type { RegionPlace } from '../regions.ts';

export interface TargetSpec {
  node?: string;
  role?: string;
  az?: string;
  shard?: number;
  partition?: number;
  /** Narrows the match to its i-th node in the engine's stable order. */
  index?: number;
}

/** One side of a partition: AZ names, endpoint names (nodes or clients) or node selectors. */
export type SideSpec = (string | TargetSpec)[];

export interface Timed {
  atUs: number;
  /** Heals after this long; undefined = lasts until the end of the workload. */
  forUs?: number;
}

/**
 * The fields of one fault entry, as the scenario format reads them. `N` is the reader's node (a
 * value in the file, with its line); every failure names the file, line and field.
 */
export interface FaultFields<N> {
  /** The entry itself, for problems about the entry as a whole. */
  readonly entry: N;
  /** Every AZ of every region. */
  readonly azs: readonly string[];
  /** The regions (`regions:`), the home region first; empty with one region. */
  readonly regions: readonly RegionPlace[];
  /** Whether the engine in play has secondaries to switch over to (Engine.switchover). */
  readonly canSwitchover: boolean;
  /** The format's absolute bounds a kind's values obey (docs/limits.md). */
  readonly limits: { readonly clockOffsetUs: number; readonly addedLatencyUs: number };
  require(key: string, like: string): N;
  get(key: string): N | undefined;
  fail(at: N, message: string): never;
  /** Fails at where `key` is written. */
  failAt(key: string, message: string): never;
  string(at: N, like: string): string;
  boolean(at: N): boolean;
  /** The items of a list. */
  list(at: N, like: string): readonly N[];
  number(at: N, range: { min?: number; max?: number }, like: string): number;
  duration(at: N, rule: { positive?: boolean; signed?: boolean; max?: number }): number;
  /** A node selector, its roles and labels checked against the engines in play. */
  target(at: N): TargetSpec;
  /** A list of at least `min` and at most `max` sides. */
  sides(at: N, min: number, max: number): SideSpec[];
  /** Fails when a name or selector is written on two sides (or twice on one). */
  disjoint(at: N, sides: readonly SideSpec[]): void;
  /** "unknown AZ `x`, did you mean ..." */
  unknownName(what: string, name: string, known: readonly string[]): string;
}

/** What applying a fault may touch: the region, never a database (failover goes to the engine). */
export interface FaultHost {
  scheduler: Scheduler;
  network: Network;
  events: EventLog;
  azs: readonly string[];
  clients: readonly SimClient[];
  /** The engine's nodes now, in stable order. */
  nodes(): readonly SimNode[];
  /** An operator-initiated failover on these nodes (the engine's control plane). */
  operatorFailover(nodes: SimNode[]): void;
  /** A global database's switchover to the secondary holding these nodes (absent: the engine has none). */
  switchover?(nodes: SimNode[], allowDataLoss: boolean): void;
  /** Pauses the engine's replication to and from a region; returns how to resume (absent: the engine has none). */
  pauseReplication?(region: string): () => void;
}

/** Undoes a fault. */
export type Heal = () => void;

/** The host plus the link operations every network fault uses (fault-schedule.ts provides them). */
export interface FaultEffects {
  readonly host: FaultHost;
  /** Blocks messages between every pair of sides (or only from side 0 to side 1). */
  block(sides: number[][], oneWay: boolean): Heal;
  /** Endpoint ids on one side: AZ names (nodes and clients in it), endpoint names, selectors. */
  resolveSide(side: SideSpec): number[];
}

/** The Resilience Hub disruption types a kind may default to (Region: only the region kinds). */
export type DefaultDisruption = 'AZ' | 'Hardware' | 'Software' | 'Region';

/** What the topology check compares with the engine's nodes. */
export interface FaultSelectors {
  target?: TargetSpec;
  /** Sides under `key` (`sides`, `between`); `disjoint`: no node may be on two of them. */
  sides?: { key: string; list: readonly SideSpec[]; disjoint: boolean };
}

export interface FaultKindDef<S extends Timed & { kind: string }> {
  readonly kind: S['kind'];
  /** One line for `faultline list`. */
  readonly summary: string;
  /** The keys it takes besides `at` and `kind` (`for` included when it can last). */
  readonly keys: readonly string[];
  /** Its nodes are down (not merely slow or cut off) while it lasts. */
  readonly downsNodes: boolean;
  /**
   * Whether it can end without a fault-end: `always` (applied at once, never healed), or
   * `while-open` (so while no fault-end is recorded). The timeline then counts it active until
   * the recovery it started completes, and credits that recovery without a detection.
   */
  readonly instantaneous?: 'always' | 'while-open';
  /** Reads its own keys (the shared ones are read already into `timed`). */
  read<N>(f: FaultFields<N>, timed: Timed): S;
  /** Applies it; returns how to heal it, or null when it is instantaneous. */
  apply(spec: S, on: FaultEffects): Heal | null;
  /** The event log's detail: `<kind> ...`, times in `<n>us`. */
  describe(spec: S): string;
  /** Its partition sides, named in its fault-start event. */
  sides?(spec: S): readonly SideSpec[];
  disruption(spec: S, azs: readonly string[]): DefaultDisruption;
  selectors(spec: S): FaultSelectors;
}
