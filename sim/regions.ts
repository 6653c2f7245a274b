// Regions: named groups of AZs, and the one-way delay between each pair of them. A scenario with
// one region (today's `region:`) has no list of regions at all, so everything below reduces to
// the AZs of that one region; with `regions:`, the first region is the home region, where the
// engines and the managed control planes live (except what an engine option places in another
// region: a cross-region replica, a global database's secondary, a global table's replica). A
// service an engine runs per region (RDS promoting a cross-region replica, ElastiCache promoting a
// Global Datastore secondary) has a host in that region's own control-plane pseudo-AZ
// (`regionalControlPlaneAz`), out with that region only.
// Models: which region an AZ is in, and a delay distribution per unordered pair of regions.
// Leaves out: per-AZ-pair delays inside a region, and paths that route through a third region.

import type { Distribution } from './distribution.ts';

export interface RegionPlace {
  name: string;
  /** Its AZs, in order. Invariant: no AZ is in two regions. */
  azs: string[];
}

/** The one-way delay of a message between two regions (either way: links are symmetric). */
export interface CrossRegionLink {
  between: [string, string];
  delay: Distribution;
}

/** What the helpers below read of a RegionSpec (sim.ts), so this file needs nothing else. */
export interface RegionsOf {
  azs: string[];
  regions?: RegionPlace[];
}

/** Every AZ of every region (with one region, its AZs: the same array). */
export function allAzs(region: RegionsOf): string[] {
  return region.regions === undefined ? region.azs : region.regions.flatMap((r) => r.azs);
}

/** The region an AZ is in, or undefined for a pseudo-AZ (`control-plane`) or with one region. */
export function regionOfAz(region: RegionsOf, az: string): string | undefined {
  return region.regions?.find((r) => r.azs.includes(az))?.name;
}

/** The AZs of the named region. */
export function azsOfRegion(regions: readonly RegionPlace[], name: string): string[] {
  return regions.find((r) => r.name === name)?.azs ?? [];
}

/**
 * The pseudo-AZ of a region's own managed services (the home region's is `control-plane`): a host
 * there reaches the region's AZs over in-region links and goes out with a `region-outage` of it.
 */
export function regionalControlPlaneAz(region: string): string {
  return `control-plane@${region}`;
}

/** With several regions, each AZ of the regions after the home one, with its region's name (undefined with one region). */
export function otherRegionAzs(region: RegionsOf): Map<string, string> | undefined {
  const regions = region.regions ?? [];
  return regions.length < 2 ? undefined : new Map(regions.slice(1).flatMap((p) => p.azs.map((az) => [az, p.name] as const)));
}
