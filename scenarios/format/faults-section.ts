// The `faults:` list: each entry a fault of one kind (sim/fault-spec.ts FAULT_KINDS) starting
// `at` a time within the workload and healing after `for` (or lasting to the end). Each kind
// takes its own keys; a key that belongs to another kind says so. Times must fall inside the
// workload: 0 <= at < duration, and for > 0.
// Any fault may also say which Resilience Hub disruption type it is (`disruption: Hardware`),
// overriding the default mapping of reports/policy/disruption-type.ts; it only matters with a policy.
// Leaves out: whether targets match nodes, and overlapping or contradictory faults (both are the
// run wiring's and the simulator's business).

import { FAULT_KINDS, type FaultKind, type FaultSpec, type SideSpec } from '../../sim/fault-spec.ts';
import { unknownKeyMessage, unknownNameMessage } from './did-you-mean.ts';
import type { Reader } from './field-reader.ts';
import { checkDisjoint, readSides, readTarget, type TargetScope } from './target-field.ts';
import { formatDuration } from './units.ts';
import type { SourceNode } from './yaml-source.ts';
import { LIMITS } from './limits.ts';
import { DISRUPTION_TYPES, type DisruptionType } from '../../reports/policy/resiliency-policy.ts';

/** The keys each kind takes besides `at` and `kind`. */
export const FAULT_KEYS: Readonly<Record<FaultKind, readonly string[]>> = {
  'az-outage': ['az', 'for'],
  partition: ['sides', 'one_way', 'for'],
  crash: ['target', 'for'],
  pause: ['target', 'for'],
  restart: ['target', 'for'],
  clock: ['target', 'offset', 'drift_ppm', 'for'],
  latency: ['between', 'add', 'for'],
  loss: ['between', 'probability', 'for'],
  failover: ['target'],
};

const KINDS = FAULT_KINDS.map((k) => k.kind);
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
  const { scope } = ctx;

  switch (kind) {
    case 'az-outage': {
      const azNode = f.require('az', 'the AZ that goes out');
      const az = r.string(azNode, 'an AZ name');
      if (!scope.azs.includes(az)) r.fail(azNode, unknownNameMessage('AZ', az, scope.azs));
      return { kind, ...timed, az };
    }
    case 'partition': {
      const sidesNode = f.require('sides', 'e.g. sides: [[az-a], [az-b, az-c]]');
      const sides = readSides(r, sidesNode, scope, 2, Infinity);
      checkDisjoint(r, sidesNode, sides);
      const ow = f.get('one_way');
      const oneWay = ow === undefined ? false : r.boolean(ow);
      if (oneWay && sides.length !== 2) r.fail(f.at('one_way'), `a one-way partition needs exactly 2 sides, got ${sides.length}`);
      return { kind, ...timed, sides, oneWay };
    }
    case 'crash':
    case 'pause':
    case 'restart':
    case 'failover':
      return { kind, ...timed, target: readTarget(r, f.require('target', 'e.g. target: { role: writer }'), scope) };
    case 'clock': {
      const target = readTarget(r, f.require('target', 'e.g. target: { role: leader }'), scope);
      const off = f.get('offset');
      const drift = f.get('drift_ppm');
      if (off === undefined && drift === undefined) r.fail(node, 'a clock fault needs `offset` (like +2s), `drift_ppm`, or both');
      const offsetUs = off === undefined ? 0 : r.duration(off, { signed: true, max: LIMITS.clockOffsetUs });
      const spec: FaultSpec = { kind, ...timed, target, offsetUs };
      // A clock cannot run backwards: -1,000,000 ppm would stop it. 100,000 ppm (10%) is already absurd.
      if (drift !== undefined) spec.driftPpm = r.number(drift, { min: -100_000, max: 100_000 }, 'a drift in parts per million, like 200');
      return spec;
    }
    case 'latency':
    case 'loss': {
      const between = readSides(r, f.require('between', 'e.g. between: [[az-a], [az-b]]'), scope, 2, 2) as [SideSpec, SideSpec];
      if (kind === 'latency') {
        const addUs = r.duration(f.require('add', 'the added one-way delay, e.g. add: 50ms'), { positive: true, max: LIMITS.addedLatencyUs });
        return { kind, ...timed, between, addUs };
      }
      const probability = r.number(f.require('probability', 'the chance each message is dropped, e.g. 0.2'), { min: 0, max: 1 });
      return { kind, ...timed, between, probability };
    }
  }
}

function readDisruption(r: Reader, node: SourceNode): DisruptionType | null {
  const d = r.map(node).get('disruption');
  return d === undefined ? null : r.choice(d, DISRUPTION_TYPES);
}
