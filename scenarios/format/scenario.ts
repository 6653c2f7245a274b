// The typed scenario a scenario file becomes once loaded and validated: every unit converted
// (durations in microseconds, sizes in bytes, rates per second), every default filled in.
// The file format itself is ../../../shared/SCENARIO-FORMAT.md; this is what the rest of the code sees.

import type { FaultSpec } from '../../sim/fault-spec.ts';
import type { KeyDistribution } from '../../sim/key-chooser.ts';
import type { RegionSpec } from '../../sim/sim.ts';
import type { Load } from '../../sim/workload.ts';
import type { LoadPhase } from '../../sim/load-phases.ts';
import type { RetryPolicy } from '../../sim/client.ts';
import type { Consistency } from '../../sim/operation.ts';
import type { EngineOptions } from '../../engines/engine.ts';

import type { Comparator, Expectation } from '../../reports/expectations.ts';
import type { DisruptionType, ResiliencyPolicy } from '../../reports/policy/resiliency-policy.ts';

export type { Comparator, Expectation };

export interface ClientPlacement {
  az: string;
  count: number;
}

export interface WorkloadConfig {
  clients: ClientPlacement[];
  load: Load;
  readFraction: number;
  /** Fraction of operations that are queries by index key (mix `query`, DynamoDB with a GSI only); absent = none. */
  queryFraction?: number;
  consistency: Consistency;
  keyCount: number;
  keyDistribution: KeyDistribution;
  valueSizeBytes: number;
  retry: RetryPolicy;
  /** Load that changes over time (then `load` is the busiest phase's, for the rate bounds; the estimate walks the phases); absent when none. */
  phases?: LoadPhase[];
}

/** One of several workloads run at once (`workloads:`): its name, and where its keys start. */
export interface NamedWorkload extends WorkloadConfig {
  name: string;
  /** Its keys are keyOffset .. keyOffset + keyCount - 1 of the run's key space. */
  keyOffset: number;
}

export interface CacheConfig {
  type: string;
  strategy: 'cache-aside' | 'write-through';
  ttlUs: number;
  options: EngineOptions;
}

export interface Scenario {
  name: string;
  description: string;
  /** The file it came from (or '<inline>'). */
  file: string;
  seed: number;
  durationUs: number;
  warmupUs: number;
  settleUs: number;
  region: RegionSpec;
  engine: { type: string; options: EngineOptions };
  cache: CacheConfig | null;
  /** With `workloads:`, every workload together: all clients, the whole key space, the longest retry. */
  workload: WorkloadConfig;
  /** The named workloads, when the file gives `workloads:`; absent otherwise. */
  workloads?: NamedWorkload[];
  faults: FaultSpec[];
  expect: Expectation[];
  /** The resiliency policy faults are judged against (`policy:` or `--policy`); absent when none. */
  policy?: ResiliencyPolicy;
  /** Per fault, its `disruption:` override (null: the default mapping); absent when no fault has one. */
  disruptions?: (DisruptionType | null)[];
}
