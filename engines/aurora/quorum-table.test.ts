// The quorum table (REFERENCE-FIGURES.md A4 and note N1), with the writer kept out of the failed
// AZs and storage nodes crashed. With 2 storage nodes per AZ every node holds one segment of every
// protection group, so a crashed node costs every PG one segment and the table holds for the
// whole database. Figures are measured from 2 s after the failure (past the writer's quorum
// timeout) to the end of the workload; the failures then heal and nothing acknowledged may be lost.
// Clients make one attempt per operation, so availability is the state of the database when the
// operation was invoked (a retry after the heal at the end could otherwise succeed).
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../scenarios/run.ts';
import { loadText } from '../../test/bundled.ts';

const seeds = [1, 2, 3];

function table(crashes: string[], seed: number) {
  const faults = crashes.map((t) => `  - { at: 5s, kind: crash, target: ${t} }`).join('\n');
  const s = loadText(
    `
name: quorum-table
duration: 20s
warmup: 7s
settle: 30s
engine:
  type: aurora
  replicas: 0
  writer_az: az-c
  storage_nodes_per_az: 2
  storage_replace_after: 1h
workload:
  clients: 6
  rate: 200/s
  mix: { read: 0.5, write: 0.5 }
  read_consistency: strong
  keys: { count: 1000, distribution: uniform }
  retry: { attempts: 1 }
faults:
${faults}
`,
    seed,
  );
  return runScenario(s).summary;
}

const ONE_SEGMENT = ['{ role: storage, az: az-a, index: 0 }'];
const ONE_AZ = ['{ role: storage, az: az-a }'];
const AZ_PLUS_ONE = ['{ role: storage, az: az-a }', '{ role: storage, az: az-b, index: 0 }'];
const TWO_AZS = ['{ role: storage, az: az-a }', '{ role: storage, az: az-b }'];

describe('aurora > quorum table', () => {
  it('keeps accepting writes and reads with one segment of every protection group lost (5 of 6 left)', () => {
    for (const seed of seeds) {
      const r = table(ONE_SEGMENT, seed);
      expect(r.availability_write, `seed ${seed}`).toBe(1);
      expect(r.availability_read, `seed ${seed}`).toBe(1);
      expect(r.lost_writes, `seed ${seed}`).toBe(0);
    }
  });

  it('keeps accepting writes and reads with one AZ down (4 of 6 left)', () => {
    for (const seed of seeds) {
      const r = table(ONE_AZ, seed);
      expect(r.availability_write, `seed ${seed}`).toBe(1);
      expect(r.availability_read, `seed ${seed}`).toBe(1);
      expect(r.lost_writes, `seed ${seed}`).toBe(0);
    }
  });

  it('keeps reads but refuses writes with an AZ plus one more segment down (3 of 6 left)', () => {
    for (const seed of seeds) {
      const r = table(AZ_PLUS_ONE, seed);
      expect(r.availability_read as number, `seed ${seed}`).toBeGreaterThanOrEqual(0.999);
      expect(r.availability_write, `seed ${seed}`).toBe(0);
      expect(r.lost_writes, `seed ${seed}`).toBe(0);
    }
  });

  it('loses both reads and writes with two AZs down (2 of 6 left), and loses no acknowledged write', () => {
    for (const seed of seeds) {
      const r = table(TWO_AZS, seed);
      expect(r.availability_read, `seed ${seed}`).toBe(0);
      expect(r.availability_write, `seed ${seed}`).toBe(0);
      expect(r.lost_writes, `seed ${seed}`).toBe(0);
      expect(r.writes as number).toBeGreaterThan(1000);
    }
  });
});
