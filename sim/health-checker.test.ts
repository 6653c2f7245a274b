import { describe, expect, it } from 'vitest';
import { Scheduler } from './scheduler.ts';
import { Rng } from './rng.ts';
import { Network } from './network.ts';
import { SimNode } from './node.ts';
import { constant } from './distribution.ts';
import { membership } from './link-rules.ts';
import { HealthChecker } from './health-checker.ts';
import type { Call } from './rpc.ts';

const INTERVAL_US = 1_000_000;
const TIMEOUT_US = 500_000;

function setup(answer: (c: Call<number, number>) => void = (c) => c.respond(10, 0)) {
  const s = new Scheduler();
  const net = new Network(s, new Rng('health'), { sameAz: constant(100), crossAz: constant(1_000), client: constant(10) });
  const monitor = new SimNode(s, 'monitor', 'control-plane', []);
  const db = new SimNode(s, 'db', 'az-a', []);
  net.register(monitor);
  net.register(db);
  const log: [string, number][] = [];
  const checker = new HealthChecker<string, number>(
    net,
    monitor,
    new Rng('phase'),
    { intervalUs: INTERVAL_US, timeoutUs: TIMEOUT_US, failures: 3, probeBytes: 10 },
    {
      failed: (t, n) => log.push([`failed:${t}:${n}`, s.now]),
      healthy: (t) => log.push([`healthy:${t}`, s.now]),
      passed: (t) => log.push([`passed:${t}`, s.now]),
    },
    (reply) => reply >= 0,
  );
  checker.watch('db', db, answer);
  checker.start();
  return { s, net, monitor, db, log, checker };
}

describe('sim', () => {
  describe('health checker', () => {
    it('declares a crashed node failed after the set number of missed probes, within failures x interval + timeout', () => {
      const { s, db, log, checker } = setup();
      s.runUntil(5_000_000);
      expect(log.every(([k]) => k === 'passed:db')).toBe(true);
      db.crash();
      const crashedAt = s.now;
      s.runUntil(15_000_000);
      const failed = log.filter(([k]) => k.startsWith('failed'));
      expect(failed).toHaveLength(1);
      expect(failed[0][0]).toBe('failed:db:3');
      const detectionUs = failed[0][1] - crashedAt;
      expect(detectionUs).toBeGreaterThan(2 * INTERVAL_US + TIMEOUT_US);
      expect(detectionUs).toBeLessThanOrEqual(3 * INTERVAL_US + TIMEOUT_US);
      expect(checker.isFailed('db')).toBe(true);
    });

    it('declares a failed node healthy once it answers again', () => {
      const { s, db, log, checker } = setup();
      s.runUntil(1_000_000);
      db.crash();
      s.runUntil(6_000_000);
      db.restart();
      s.runUntil(8_000_000);
      expect(log.map(([k]) => k).filter((k) => !k.startsWith('passed'))).toEqual(['failed:db:3', 'healthy:db']);
      expect(checker.isFailed('db')).toBe(false);
    });

    it('counts an answer the judge rejects as a failed probe', () => {
      const { s, log } = setup((c) => c.respond(10, -1));
      s.runUntil(4_000_000);
      expect(log.map(([k]) => k)).toEqual(['failed:db:3']);
    });

    it('fails a node cut off by a partition: probes are messages', () => {
      const { s, net, monitor, db, log } = setup();
      net.rules.add('block', membership(2, [monitor.id]), membership(2, [db.id]));
      s.runUntil(4_000_000);
      expect(log.map(([k]) => k)).toEqual(['failed:db:3']);
    });
  });
});
