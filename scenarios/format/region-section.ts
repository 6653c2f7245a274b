// The `region:` section: the availability zones, the one-way message delay of each link class,
// and the bounds of the initial per-node clock offsets and drifts. Every key is optional; the
// defaults are the ones SCENARIO-FORMAT.md shows (three AZs, sub-millisecond same-AZ delays).
// With `regions:` (a list of `{ name, azs }`), each region names its own AZs, `region:` keeps
// the latencies and clocks every region shares, and `region.latency.cross_region` sets the delay
// of a pair of regions (defaults: inter-region-latency.ts). Without `regions:`, nothing of the
// regions appears in the result, so a one-region file loads to the same data as before.
// Leaves out: per-pair AZ latencies, and latencies or clocks that differ between regions.

import type { RegionSpec } from '../../sim/sim.ts';
import type { CrossRegionLink, RegionPlace } from '../../sim/regions.ts';
import type { Fields, Reader } from './field-reader.ts';
import { readDistribution } from './distribution-field.ts';
import type { SourceNode } from './yaml-source.ts';
import { readAzName, readName } from './names.ts';
import { LIMITS } from './limits.ts';
import { unknownNameMessage } from './did-you-mean.ts';
import { defaultCrossRegionDelay } from './inter-region-latency.ts';

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

/**
 * The region (`region:`), or with `regionsNode` (`regions:`) every region, the first the home
 * region whose AZs are `azs`.
 */
export function readRegion(r: Reader, node: SourceNode | undefined, regionsNode?: SourceNode): RegionSpec {
  const region = defaultRegion();
  const places = regionsNode === undefined ? undefined : readRegionList(r, regionsNode);
  if (places !== undefined) {
    region.regions = places;
    region.azs = places[0].azs;
  }
  if (node === undefined) {
    if (places !== undefined) region.latency.crossRegion = crossRegionLinks(r, regionsNode!, places, []);
    return region;
  }
  const f = r.map(node, ['azs', 'latency', 'clocks']);

  const azsNode = f.get('azs');
  if (azsNode !== undefined && places !== undefined) r.fail(azsNode, 'with `regions:`, each region lists its own AZs (regions: [{ name: us-east-1, azs: [...] }]); leave region.azs out');
  if (azsNode !== undefined) region.azs = readAzList(r, azsNode, []);

  const latencyNode = f.get('latency');
  let given: CrossRegionLink[] = [];
  if (latencyNode !== undefined) {
    const l = r.map(latencyNode, ['same_az', 'cross_az', 'client', 'cross_region']);
    const crossRegion = l.get('cross_region');
    if (crossRegion !== undefined && places === undefined) r.fail(crossRegion, '`cross_region` needs more than one region: list them under `regions:`');
    if (crossRegion !== undefined) given = readCrossRegion(r, crossRegion, places!);
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
  if (places !== undefined) region.latency.crossRegion = crossRegionLinks(r, latencyNode ?? regionsNode!, places, given);
  return region;
}

/** A list of AZ names, none twice and none already in `taken` (another region's). */
function readAzList(r: Reader, azsNode: SourceNode, taken: readonly RegionPlace[]): string[] {
  const list = r.list(azsNode, 'a list of AZ names like [az-a, az-b, az-c]');
  if (list.items.length === 0) r.fail(azsNode, 'a region needs at least one AZ');
  const azs: string[] = [];
  for (const item of list.items) {
    const az = readAzName(r, item);
    if (azs.includes(az)) r.fail(item, `the AZ \`${az}\` is listed twice`);
    const other = taken.find((p) => p.azs.includes(az));
    if (other !== undefined) r.fail(item, `the AZ \`${az}\` is already in region ${other.name}: an AZ is in one region only`);
    azs.push(az);
  }
  return azs;
}

/** `regions:`: a list of `{ name, azs }`, names and AZs unique across the list. */
function readRegionList(r: Reader, node: SourceNode): RegionPlace[] {
  const list = r.list(node, 'a list of regions like [{ name: us-east-1, azs: [use1-az1, use1-az2] }]');
  if (list.items.length === 0) r.fail(node, 'give at least one region');
  if (list.items.length > LIMITS.regions) r.fail(node, `at most ${LIMITS.regions} regions (docs/limits.md), got ${list.items.length}`);
  const places: RegionPlace[] = [];
  for (const item of list.items) {
    const f: Fields = r.map(item, ['name', 'azs'], 'a region like { name: us-east-1, azs: [use1-az1, use1-az2, use1-az3] }');
    const nameNode = f.require('name', 'the region\'s name, e.g. name: us-east-1');
    const name = readName(r, nameNode, 'a region name', 'us-east-1');
    if (places.some((p) => p.name === name)) r.fail(nameNode, `two regions are named \`${name}\``);
    if (places.some((p) => p.azs.includes(name))) r.fail(nameNode, `\`${name}\` is already an AZ name; a region and an AZ need different names`);
    const azs = readAzList(r, f.require('azs', 'its AZs, e.g. azs: [use1-az1, use1-az2, use1-az3]'), places);
    const clash = azs.find((az) => az === name || places.some((p) => p.name === az));
    if (clash !== undefined) r.fail(f.at('azs'), `\`${clash}\` is a region name; a region and an AZ need different names`);
    places.push({ name, azs });
  }
  return places;
}

/** `cross_region:`: a list of `{ between: [a, b], delay: <distribution> }`, each pair once. */
function readCrossRegion(r: Reader, node: SourceNode, places: readonly RegionPlace[]): CrossRegionLink[] {
  const names = places.map((p) => p.name);
  const list = r.list(node, 'a list like [{ between: [us-east-1, us-west-2], delay: { median: 35ms, p99: 40ms } }]');
  const out: CrossRegionLink[] = [];
  for (const item of list.items) {
    const f = r.map(item, ['between', 'delay'], 'a link like { between: [us-east-1, us-west-2], delay: { median: 35ms, p99: 40ms } }');
    const betweenNode = f.require('between', 'the two regions, e.g. between: [us-east-1, us-west-2]');
    const pair = r.list(betweenNode, 'two region names like [us-east-1, us-west-2]');
    if (pair.items.length !== 2) r.fail(betweenNode, `\`between\` names exactly 2 regions, got ${pair.items.length}`);
    const [a, b] = pair.items.map((i) => {
      const n = r.string(i, 'a region name');
      if (!names.includes(n)) r.fail(i, unknownNameMessage('region', n, names));
      return n;
    });
    if (a === b) r.fail(betweenNode, `\`between\` names ${a} twice; a link joins two different regions`);
    if (out.some((l) => l.between.includes(a) && l.between.includes(b))) r.fail(betweenNode, `the link between ${a} and ${b} is given twice`);
    out.push({ between: [a, b], delay: readDistribution(r, f.require('delay', 'its one-way delay, e.g. delay: { median: 35ms, p99: 40ms }')) });
  }
  return out;
}

/** Every pair of regions, from the file or the defaults; a pair with neither is refused at `at`. */
function crossRegionLinks(r: Reader, at: SourceNode, places: readonly RegionPlace[], given: readonly CrossRegionLink[]): CrossRegionLink[] {
  const out: CrossRegionLink[] = [];
  for (let i = 0; i < places.length; i++) {
    for (let j = i + 1; j < places.length; j++) {
      const a = places[i].name;
      const b = places[j].name;
      const link = given.find((l) => l.between.includes(a) && l.between.includes(b));
      const delay = link?.delay ?? defaultCrossRegionDelay(a, b);
      if (delay === undefined) {
        r.fail(at, `no published latency between ${a} and ${b} to default to (docs/sources.md lists the pairs); give it in region.latency.cross_region: [{ between: [${a}, ${b}], delay: { median: 35ms, p99: 40ms } }]`);
      }
      out.push({ between: [a, b], delay });
    }
  }
  return out;
}
