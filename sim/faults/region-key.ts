// The `region` key of the region fault kinds (region-outage, pause-replication): one region of
// `regions:`, named as the scenario names it; each kind says why it needs `regions:` at all.

import type { FaultFields } from './fault-kind.ts';

/** Reads `region` (required): the region's index in `regions:` and its name. */
export function readRegionKey<N>(f: FaultFields<N>, hint: string, whyRegions: string): { index: number; name: string; node: N } {
  const node = f.require('region', hint);
  const name = f.string(node, 'a region name');
  if (f.regions.length === 0) f.fail(node, whyRegions);
  const names = f.regions.map((r) => r.name);
  const index = names.indexOf(name);
  if (index < 0) f.fail(node, f.unknownName('region', name, names));
  return { index, name, node };
}
