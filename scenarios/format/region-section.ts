// The `region:` section: the availability zones, the one-way message delay of each link class,
// and the bounds of the initial per-node clock offsets and drifts. Every key is optional; the
// defaults are the ones SCENARIO-FORMAT.md shows (three AZs, sub-millisecond same-AZ delays).
// Leaves out: per-pair AZ latencies and more than one region.

import type { RegionSpec } from '../../sim/sim.ts';
import type { Reader } from './field-reader.ts';
import { readDistribution } from './distribution-field.ts';
import type { SourceNode } from './yaml-source.ts';
import { readAzName } from './names.ts';
import { LIMITS } from './limits.ts';

export { NAME_PATTERN } from './names.ts';

export const DEFAULT_REGION: Readonly<RegionSpec> = {
  azs: ['az-a', 'az-b', 'az-c'],
  latency: {
    sameAz: { kind: 'lognormal', median: 250, p99: 1_000 },
    crossAz: { kind: 'lognormal', median: 800, p99: 2_500 },
    client: { kind: 'lognormal', median: 300, p99: 1_200 },
  },
  clocks: { maxOffsetUs: 1_000, maxDriftPpm: 50 },
};

/** A fresh copy of the defaults (callers may keep and change what they get). */
export function defaultRegion(): RegionSpec {
  return structuredClone(DEFAULT_REGION) as RegionSpec;
}

export function readRegion(r: Reader, node: SourceNode | undefined): RegionSpec {
  const region = defaultRegion();
  if (node === undefined) return region;
  const f = r.map(node, ['azs', 'latency', 'clocks']);

  const azsNode = f.get('azs');
  if (azsNode !== undefined) {
    const list = r.list(azsNode, 'a list of AZ names like [az-a, az-b, az-c]');
    if (list.items.length === 0) r.fail(azsNode, 'a region needs at least one AZ');
    const azs: string[] = [];
    for (const item of list.items) {
      const az = readAzName(r, item);
      if (azs.includes(az)) r.fail(item, `the AZ \`${az}\` is listed twice`);
      azs.push(az);
    }
    region.azs = azs;
  }

  const latencyNode = f.get('latency');
  if (latencyNode !== undefined) {
    const l = r.map(latencyNode, ['same_az', 'cross_az', 'client']);
    const sameAz = l.get('same_az');
    const crossAz = l.get('cross_az');
    const client = l.get('client');
    if (sameAz !== undefined) region.latency.sameAz = readDistribution(r, sameAz);
    if (crossAz !== undefined) region.latency.crossAz = readDistribution(r, crossAz);
    if (client !== undefined) region.latency.client = readDistribution(r, client);
  }

  const clocksNode = f.get('clocks');
  if (clocksNode !== undefined) {
    const c = r.map(clocksNode, ['max_offset', 'max_drift_ppm']);
    const offset = c.get('max_offset');
    const drift = c.get('max_drift_ppm');
    if (offset !== undefined) region.clocks.maxOffsetUs = r.duration(offset, { max: LIMITS.regionClockOffsetUs });
    if (drift !== undefined) region.clocks.maxDriftPpm = r.number(drift, { min: 0, max: 100_000 });
  }
  return region;
}
