// The volume's layout (REFERENCE-FIGURES.md A1, A7): protection groups of 6 segments, 2 per AZ,
// on distinct storage nodes, many segments per node; keys spread over PGs by a stable hash.
import { describe, expect, it } from 'vitest';
import { buildTopology } from '../../scenarios/run.ts';
import { loadText } from '../../test/bundled.ts';
import { keyName } from '../../sim/key-chooser.ts';
import type { AuroraCluster } from './cluster.ts';
import { stableHash } from './volume.ts';

function cluster(pgs: number, nodesPerAz: number, keys = 1000): AuroraCluster {
  const s = loadText(`
name: layout
duration: 10s
engine: { type: aurora, protection_groups: ${pgs}, storage_nodes_per_az: ${nodesPerAz} }
workload: { clients: 3, rate: 100/s, keys: { count: ${keys} } }
`);
  return buildTopology(s, 1).engine as AuroraCluster;
}

describe('aurora > volume', () => {
  it('puts each protection group on 6 distinct storage nodes, exactly 2 in each AZ', () => {
    for (const [pgs, n] of [
      [1, 2],
      [16, 4],
      [7, 3],
      [64, 10],
    ]) {
      const c = cluster(pgs, n);
      expect(c.volume.pgs).toHaveLength(pgs);
      for (const pg of c.volume.pgs) {
        expect(new Set(pg.members).size).toBe(6);
        const perAz = new Map<string, number>();
        for (const m of pg.members) perAz.set(m.node.az, (perAz.get(m.node.az) ?? 0) + 1);
        expect([...perAz.values()]).toEqual([2, 2, 2]);
      }
      expect(c.storage).toHaveLength(3 * n);
    }
  });

  it('gives each storage node segments of many protection groups, evenly', () => {
    const c = cluster(16, 4);
    const counts = c.storage.map((s) => c.volume.pgs.filter((pg) => pg.members.includes(s)).length);
    expect(counts).toEqual(new Array(12).fill(8));
    for (const s of c.storage) expect(s.segments.size).toBe(8);
  });

  it('maps each key to one protection group by a stable hash of its name, using every group', () => {
    expect(stableHash('k0')).toBe(stableHash(keyName(0)));
    expect(stableHash('')).toBe(0x811c9dc5);
    const c = cluster(16, 4, 10_000);
    const sizes = new Array(16).fill(0);
    for (let k = 0; k < 10_000; k++) sizes[c.volume.pgOf(k)]++;
    expect(Math.min(...sizes)).toBeGreaterThan(450);
    expect(Math.max(...sizes)).toBeLessThan(800);
    expect(cluster(16, 4, 10_000).volume.pgOf(1234)).toBe(c.volume.pgOf(1234));
  });

  it('rejects a region with fewer than 3 AZs', () => {
    expect(() =>
      loadText(`
name: two-azs
duration: 10s
region: { azs: [az-a, az-b] }
engine: { type: aurora }
workload: { clients: 2, rate: 100/s }
`),
    ).toThrow(/2 copies in each of 3 AZs/);
  });
});
