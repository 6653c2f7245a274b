// Lays a volume over its storage nodes: the hosts in the outline's order (AZ by AZ), a storage
// node on each, the protection groups placed over them (volume.ts), and each node's segment of
// each PG it holds. The primary cluster (cluster.ts) and each global secondary
// (global-secondary.ts) lay their own volume this way.
// Leaves out: nothing of its own (the placement rule is volume.ts's).

import type { Sim } from '../../sim/sim.ts';
import type { NodeOutline } from '../engine.ts';
import type { AuroraOptions } from './options.ts';
import { StorageNode, type StorageReport } from './storage-node.ts';
import { Segment } from './segment.ts';
import { Volume } from './volume.ts';

export interface LaidVolume {
  volume: Volume<StorageNode>;
  /** The storage nodes, AZ by AZ in the volume's AZ order. */
  storage: StorageNode[];
}

export function layVolume(
  sim: Sim,
  o: AuroraOptions,
  /** The volume's 3 AZs, in order. */
  azs: readonly string[],
  /** The storage nodes' outline (names, AZs, roles). */
  outline: readonly NodeOutline[],
  keyCount: number,
  onReport: (m: StorageReport) => void,
  durable: ((value: number) => void) | null = null,
  unreadable: ((value: number) => void) | null = null,
): LaidVolume {
  const { network, now } = sim;
  const nodesByAz = azs.map((az) =>
    outline
      .filter((n) => n.az === az)
      .map((n) => {
        const node = sim.createNode(n.name, n.az, [...n.roles]);
        return new StorageNode(node, { opts: o, network, now, rng: sim.rng(`engine/aurora/${node.name}`), onReport });
      }),
  );
  const volume = new Volume(keyCount, o.protectionGroups, nodesByAz, durable, unreadable);
  for (const nodes of nodesByAz) for (const s of nodes) s.joinVolume(volume);
  for (const pg of volume.pgs) for (const m of pg.members) m.segments.set(pg.index, new Segment(pg.index, pg.versions));
  return { volume, storage: nodesByAz.flat() };
}
