// Faults as plain data, the way a scenario's `faults:` list describes them (times in microseconds).
// Each kind's spec is declared in its own file under sim/faults/; this is where the rest of the
// code names them. The schedule in faults.ts applies them; nothing here runs.

import { FAULT_KIND_DEFS } from './faults/registry.ts';
import type { FaultKind } from './faults/registry.ts';

export type { FaultKind, FaultSpec } from './faults/registry.ts';
export type { SideSpec, TargetSpec } from './faults/fault-kind.ts';

export const FAULT_KINDS: readonly { kind: FaultKind; summary: string }[] = FAULT_KIND_DEFS.map((d) => ({ kind: d.kind, summary: d.summary }));
