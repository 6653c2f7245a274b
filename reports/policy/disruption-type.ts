// Which of Resilience Hub's disruption types a fault is, when the scenario does not say
// (`disruption:` on the fault overrides this). Faultline's fault kinds map as follows:
// a process crash, pause, restart, clock fault or operator failover is Software (the host is
// fine; the database process or its control loop is what failed); an AZ outage is AZ; a
// partition, added latency or packet loss is AZ when every side it cuts is whole AZs, and
// Hardware otherwise (a network fault on particular hosts is an infrastructure fault). No fault
// kind is a Region disruption by default: a scenario marks one with `disruption: Region`.
// Leaves out: guessing from the engine (an RDS "writer crash" is modelled as the database
// process and its host going down together; a scenario that means the host says Hardware).

import type { FaultSpec, SideSpec } from '../../sim/fault-spec.ts';
import type { DisruptionType } from './resiliency-policy.ts';

export function defaultDisruption(f: FaultSpec, azs: readonly string[]): DisruptionType {
  switch (f.kind) {
    case 'az-outage':
      return 'AZ';
    case 'partition':
      return f.sides.every((s) => wholeAzs(s, azs)) ? 'AZ' : 'Hardware';
    case 'latency':
    case 'loss':
      return f.between.every((s) => wholeAzs(s, azs)) ? 'AZ' : 'Hardware';
    case 'crash':
    case 'pause':
    case 'restart':
    case 'clock':
    case 'failover':
      return 'Software';
  }
}

/** A side made only of AZ names (or `{ az }` selectors without a narrower key). */
function wholeAzs(side: SideSpec, azs: readonly string[]): boolean {
  return side.length > 0 && side.every((e) => (typeof e === 'string' ? azs.includes(e) : e.az !== undefined && Object.keys(e).length === 1));
}
