// The failover time is a sum of mechanisms, so changing one mechanism's parameter moves it by
// what that mechanism contributes (DESIGN.md section 4).
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../scenarios/run.ts';
import { loadBundled, withOptions, withRate } from '../../test/bundled.ts';
import type { Scenario } from '../../scenarios/format/scenario.ts';

const S = 1_000_000;
const seeds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The bundled writer crash, with the writer down for good (so only failover can end the outage). */
function crashForGood(seed: number, options: Record<string, unknown>): Scenario {
  // 200 operations/s: plenty to see the outage's edges, and fast to simulate.
  const s = withRate(withOptions(loadBundled('rds-multi-az-writer-crash', seed), options), 200);
  return { ...s, faults: s.faults.map((f) => ({ ...f, forUs: undefined })), expect: [] };
}

function outages(options: Record<string, unknown>): { outage: number[]; detection: number[] } {
  const rs = seeds.map((seed) => runScenario(crashForGood(seed, options)).summary);
  return { outage: rs.map((r) => r.write_outage_s as number), detection: rs.map((r) => r.detection_s as number) };
}

describe('rds > mechanisms', () => {
  it('lengthens the outage with the DNS TTL, by the wait of the first client whose cached answer expires', () => {
    const delta = 30;
    const short = outages({ dns_ttl: 5 * S });
    const long = outages({ dns_ttl: (5 + delta) * S });
    // Each client keeps the old writer's address until its own cached answer expires, at a phase
    // of its own within one TTL; the outage ends when the first client reaches the new writer. For
    // n clients the first of n uniform phases comes after TTL/(n+1) on average, so a TTL longer by
    // delta delays it by about delta/(n+1) on average: a different client may be first at each TTL,
    // so one seed may even end a little earlier.
    const clients = loadBundled('rds-multi-az-writer-crash', 1).workload.clients.reduce((a, p) => a + p.count, 0);
    long.outage.forEach((o, i) => {
      expect(o - short.outage[i]).toBeGreaterThanOrEqual(-1);
      expect(o - short.outage[i]).toBeLessThanOrEqual(delta + 1);
    });
    expect(mean(long.outage) - mean(short.outage)).toBeGreaterThan(delta / (2 * (clients + 1)));
    expect(mean(long.outage) - mean(short.outage)).toBeLessThan(delta / 2);
    // Detection does not depend on DNS.
    expect(long.detection).toEqual(short.detection);
  });

  it('lengthens detection and the outage with a slower health check, by the checks it takes to declare failure', () => {
    const delta = 10;
    const fast = outages({ health_check_interval: 5 * S });
    const slow = outages({ health_check_interval: (5 + delta) * S });
    // Three failed checks declare the writer failed: detection = 2 intervals + the phase of the
    // first check (uniform over one interval) + the check timeout, so it grows by ~2.5 x delta.
    const detectionShift = mean(slow.detection) - mean(fast.detection);
    expect(detectionShift).toBeGreaterThan(2 * delta);
    expect(detectionShift).toBeLessThan(3 * delta);
    // The rest of the failover is unchanged, so the outage moves with detection (up to one TTL).
    expect(Math.abs(mean(slow.outage) - mean(fast.outage) - detectionShift)).toBeLessThan(5);
  });

  it('halves the extra detection time when one failed check is enough', () => {
    const delta = 10;
    const fast = outages({ health_check_interval: 5 * S, health_check_failures: 1 });
    const slow = outages({ health_check_interval: (5 + delta) * S, health_check_failures: 1 });
    const shift = mean(slow.detection) - mean(fast.detection);
    expect(shift).toBeGreaterThan(0.2 * delta);
    expect(shift).toBeLessThan(0.8 * delta);
  });
});
