import { describe, expect, it } from 'vitest';
import { FAULT_KIND_DEFS, faultKindNamed, type FaultSpec } from './registry.ts';

/** One spec of each kind, as a scenario would give it. */
const EXAMPLES: FaultSpec[] = [
  { kind: 'az-outage', atUs: 0, az: 'az-a' },
  { kind: 'partition', atUs: 0, sides: [['az-a'], ['az-b']], oneWay: false },
  { kind: 'crash', atUs: 0, target: { role: 'writer' } },
  { kind: 'pause', atUs: 0, target: { role: 'writer' } },
  { kind: 'restart', atUs: 0, target: { role: 'writer' } },
  { kind: 'clock', atUs: 0, target: { role: 'writer' }, offsetUs: 5 },
  { kind: 'latency', atUs: 0, between: [['az-a'], ['az-b']], addUs: 5 },
  { kind: 'loss', atUs: 0, between: [['az-a'], ['az-b']], probability: 0.5 },
  { kind: 'failover', atUs: 0, target: { role: 'writer' } },
  { kind: 'region-outage', atUs: 0, region: 'r2', azs: ['az-c'], home: false },
  { kind: 'region-partition', atUs: 0, regions: ['r1', 'r2'], azs: [['az-a', 'control-plane'], ['az-c']], oneWay: false },
  { kind: 'switchover', atUs: 0, target: { role: 'replica', az: 'az-c' }, allowDataLoss: false },
  { kind: 'pause-replication', atUs: 0, forUs: 5, region: 'r2', effectAfterUs: 0 },
];

describe('fault kinds', () => {
  it('are each registered once, under the name their file declares', () => {
    const names = FAULT_KIND_DEFS.map((d) => d.kind);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(faultKindNamed(name)?.kind).toBe(name);
    expect(EXAMPLES.map((e) => e.kind)).toEqual(names);
  });

  it('describe a fault starting with its kind, which is how the timeline tells the kind from the event log', () => {
    for (const spec of EXAMPLES) expect(faultKindNamed(spec.kind)!.describe(spec as never).split(' ')[0]).toBe(spec.kind);
  });

  it('take `for` exactly when they can last (an always-instantaneous kind has nothing to heal)', () => {
    for (const d of FAULT_KIND_DEFS) expect(d.keys.includes('for')).toBe(d.instantaneous !== 'always');
  });

  it('name a partition\'s sides for its fault-start only where the kind cuts sides', () => {
    const withSides = FAULT_KIND_DEFS.filter((d) => d.sides !== undefined).map((d) => d.kind);
    expect(withSides).toEqual(['partition']);
  });
});
