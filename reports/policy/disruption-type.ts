// Which of Resilience Hub's disruption types a fault is, when the scenario does not say
// (`disruption:` on the fault overrides this). Each kind's file in sim/faults/ says its own (and
// why): process faults are Software, an AZ outage is AZ, network faults are AZ when they cut
// whole AZs and Hardware otherwise, the region kinds (region-outage, region-partition, pause-replication) are Region.
// Any other fault a scenario means as a Region disruption it marks with `disruption: Region`.
// Leaves out: guessing from the engine (an RDS "writer crash" is modelled as the database
// process and its host going down together; a scenario that means the host says Hardware).

import type { FaultSpec } from '../../sim/fault-spec.ts';
import { faultKindOf } from '../../sim/faults/registry.ts';
import type { DisruptionType } from './resiliency-policy.ts';

export function defaultDisruption(f: FaultSpec, azs: readonly string[]): DisruptionType {
  return faultKindOf(f).disruption(f, azs);
}
