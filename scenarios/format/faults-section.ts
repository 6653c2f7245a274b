// The `faults:` list: each entry a fault of one kind (sim/faults/registry.ts) starting `at` a
// time within the workload and healing after `for` (or lasting to the end). Each kind takes its
// own keys and reads them itself (its file in sim/faults/, through the port below); a key that
// belongs to another kind says so. Times must fall inside the workload: 0 <= at < duration, and
// for > 0.
// Any fault may also say which Resilience Hub disruption type it is (`disruption: Hardware`),
// overriding the default mapping of reports/policy/disruption-type.ts; it only matters with a policy.
// Leaves out: whether targets match nodes, and overlapping or contradictory faults (both are the
// run wiring's and the simulator's business).

import type { FaultFields } from '../../sim/faults/fault-kind.ts';
import { FAULT_KIND_DEFS, faultKindNamed, type FaultKind, type FaultSpec } from '../../sim/faults/registry.ts';
import { unknownKeyMessage, unknownNameMessage } from './did-you-mean.ts';
import type { Fields, Reader } from './field-reader.ts';
import { checkDisjoint, readSides, readTarget, type TargetScope } from './target-field.ts';
import { formatDuration } from './units.ts';
import type { SourceNode } from './yaml-source.ts';
import { LIMITS } from './limits.ts';
import { DISRUPTION_TYPES, type DisruptionType } from '../../reports/policy/resiliency-policy.ts';

/** The keys each kind takes besides `at` and `kind` (each kind's file declares its own). */
export const FAULT_KEYS: Readonly<Record<FaultKind, readonly string[]>> = Object.fromEntries(FAULT_KIND_DEFS.map((d) => [d.kind, d.keys])) as Record<FaultKind, readonly string[]>;

const KINDS = FAULT_KIND_DEFS.map((k) => k.kind);
const ALL_KEYS = [...new Set(Object.values(FAULT_KEYS).flat())];

export interface FaultContext {
  durationUs: number;
  scope: TargetScope;
}

/**
 * The faults; `disruptions`, when given, receives each fault's `disruption:` override (null when
 * it has none), in the same order.
 */
export function readFaults(r: Reader, node: SourceNode | undefined, ctx: FaultContext, disruptions?: (DisruptionType | null)[]): FaultSpec[] {
  if (node === undefined) return [];
  const list = r.list(node, 'a list of faults');
  if (list.items.length > LIMITS.faults) r.fail(node, `at most ${LIMITS.faults} faults in one file (docs/limits.md), got ${list.items.length}`);
  // Each fault is checked on its own, so every bad fault is reported; a bad one is left out.
  const out: FaultSpec[] = [];
  for (const item of list.items) {
    const fault = r.attempt<FaultSpec | null>(() => readFault(r, item, ctx), null);
    if (fault === null) continue;
    out.push(fault);
    disruptions?.push(r.attempt(() => readDisruption(r, item), null));
  }
  return out;
}

function readFault(r: Reader, node: SourceNode, ctx: FaultContext): FaultSpec {
  const f = r.map(node, undefined, 'a fault like { at: 1m, kind: crash, target: { role: writer } }');
  const kind = r.choice(f.require('kind', `one of ${KINDS.join(', ')}`), KINDS);
  const allowed = ['at', 'kind', ...FAULT_KEYS[kind]];
  f.only([...allowed, 'disruption'], (key) =>
    ALL_KEYS.includes(key)
      ? `\`${key}\` does not apply to a ${kind} fault (it takes ${allowed.join(', ')})`
      : unknownKeyMessage(key, allowed),
  );

  const atNode = f.require('at', 'when the fault starts, e.g. `at: 1m`');
  const atUs = r.duration(atNode);
  if (atUs >= ctx.durationUs) {
    r.fail(atNode, `${formatDuration(atUs)} is at or after the end of the workload (duration ${formatDuration(ctx.durationUs)})`);
  }
  const forNode = f.get('for');
  const timed = forNode === undefined ? { atUs } : { atUs, forUs: r.duration(forNode, { positive: true, max: LIMITS.durationUs }) };
  return faultKindNamed(kind)!.read(fieldsOf(r, f, node, ctx.scope), timed);
}

/** The port a kind reads its keys through: this format's reader, bound to one fault entry. */
function fieldsOf(r: Reader, f: Fields, entry: SourceNode, scope: TargetScope): FaultFields<SourceNode> {
  return {
    entry,
    azs: scope.azs,
    regions: scope.regions ?? [],
    canSwitchover: scope.canSwitchover === true,
    limits: LIMITS,
    require: (key, like) => f.require(key, like),
    get: (key) => f.get(key),
    fail: (at, message) => r.fail(at, message),
    failAt: (key, message) => r.fail(f.at(key), message),
    string: (at, like) => r.string(at, like),
    boolean: (at) => r.boolean(at),
    list: (at, like) => r.list(at, like).items,
    number: (at, range, like) => r.number(at, range, like),
    duration: (at, rule) => r.duration(at, rule),
    target: (at) => readTarget(r, at, scope),
    sides: (at, min, max) => readSides(r, at, scope, min, max),
    disjoint: (at, sides) => checkDisjoint(r, at, sides),
    unknownName: unknownNameMessage,
  };
}

function readDisruption(r: Reader, node: SourceNode): DisruptionType | null {
  const d = r.map(node).get('disruption');
  return d === undefined ? null : r.choice(d, DISRUPTION_TYPES);
}
