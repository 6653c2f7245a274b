// The RDS control plane's commands are messages and its view of an instance comes from what the
// instance sends: a partition or a crash stops a command, and the control plane notices by a
// missing answer (after the health-check timeout, 2 s), not by looking at the instance.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../scenarios/run.ts';
import { loadBundled, withOptions, withRate } from '../../test/bundled.ts';
import type { Scenario } from '../../scenarios/format/scenario.ts';
import type { SimEvent } from '../../sim/event-log.ts';

const S = 1_000_000;
const TIMEOUT_US = 2 * S;

function events(s: Scenario): SimEvent[] {
  const out: SimEvent[] = [];
  runScenario(s, { sinks: { event: (e) => out.push(e) } });
  return out;
}

// The writer db-1 crashes at 40 s for 30 s; the standby db-2 is promoted.
const base = withRate(loadBundled('rds-multi-az-writer-crash', 1), 50);
const failoverAt = events(base).find((e) => e.kind === 'failover-started')!.timeUs;
const of = (ev: SimEvent[], kind: string) => ev.filter((e) => e.kind === kind);
/** The control plane's timer runs on its own clock (a drift of up to max_drift_ppm). */
const expectTimeout = (us: number) => {
  expect(us).toBeGreaterThan(TIMEOUT_US - 1000);
  expect(us).toBeLessThan(TIMEOUT_US + 1000);
};

describe('rds > control plane messages', () => {
  it('promotes the standby when nothing stands in the way', () => {
    expect(of(events(base), 'promoted').map((e) => e.node)).toEqual(['db-2']);
  });

  it('does not promote a standby the control plane cannot reach: the promotion goes unanswered and the failover waits', () => {
    // Only the control plane is cut from db-2, just before the failover starts.
    const cut: Scenario = { ...base, faults: [...base.faults, { atUs: failoverAt - 1000, forUs: 60 * S, kind: 'partition', sides: [['rds-control-plane'], ['db-2']], oneWay: false }] };
    const ev = events(cut);
    expect(of(ev, 'promoted').filter((e) => e.timeUs < failoverAt + 59 * S)).toEqual([]);
    const interrupted = of(ev, 'failover-interrupted');
    expect(interrupted.map((e) => e.node)).toEqual(['db-2']);
    expectTimeout(interrupted[0].timeUs - failoverAt);
    // The failover waits (db-1, back at 70 s, is a standby out of sync) until db-2 answers again.
    const healUs = failoverAt - 1000 + 60 * S;
    const retried = of(ev, 'failover-started').filter((e) => e.timeUs > failoverAt);
    expect(retried.map((e) => e.node)).toEqual(['db-2']);
    expect(retried[0].timeUs).toBeGreaterThan(healUs);
  });

  it('learns by the missing answer, one timeout later, that the standby crashed while the promotion was on its way', () => {
    const crashed: Scenario = { ...base, faults: [...base.faults, { atUs: failoverAt + 1, forUs: 5 * S, kind: 'crash', target: { node: 'db-2' } }] };
    const interrupted = of(events(crashed), 'failover-interrupted');
    expect(interrupted.map((e) => e.node)).toEqual(['db-2']);
    expectTimeout(interrupted[0].timeUs - failoverAt);
  });

  it('hears of a restarted standby only from the standby: cut off from the control plane, it is not started until the partition heals', () => {
    const healUs = 35 * S;
    const quick = withOptions(base, { instance_start: { kind: 'constant', value: 5 * S } });
    const s: Scenario = {
      ...quick,
      faults: [
        { atUs: 10 * S, forUs: healUs - 10 * S, kind: 'partition', sides: [['rds-control-plane'], ['db-2']], oneWay: false },
        { atUs: 15 * S, forUs: 2 * S, kind: 'crash', target: { node: 'db-2' } },
      ],
    };
    const rejoined = of(events(s), 'rejoined').filter((e) => e.node === 'db-2');
    expect(rejoined.length).toBe(1);
    expect(rejoined[0].timeUs).toBeGreaterThan(healUs);
  });

  it('refuses writes on a restarted writer until its become-writer command arrives (swarm-rds-multi-az seed 77)', () => {
    // The writer's engine is up after its restart, but its replication stream comes with the
    // control plane's command a round trip later; a write served in between crashed the run.
    const s: Scenario = {
      ...loadBundled('swarm-rds-multi-az', 77),
      faults: [
        { atUs: 66_590_000, forUs: 51_739_000, kind: 'pause', target: { node: 'db-2' } },
        { atUs: 88_916_000, forUs: 10_800_000, kind: 'restart', target: { node: 'db-1' } },
        { atUs: 102_887_000, kind: 'failover', target: { role: 'writer' } },
        { atUs: 134_423_000, forUs: 52_232_000, kind: 'pause', target: { role: 'writer' } },
        { atUs: 190_180_000, forUs: 7_963_000, kind: 'az-outage', az: 'az-a' },
        { atUs: 206_594_000, forUs: 4_759_000, kind: 'pause', target: { node: 'db-1' } },
        { atUs: 216_555_000, forUs: 2_937_000, kind: 'restart', target: { node: 'db-1' } },
      ],
    };
    const r = runScenario(s);
    expect(r.summary.lost_writes).toBe(0);
    expect(r.summary.linearizable).toBe(true);
  });

  it('starts a writer whose restart report was lost once its health answer says it is down (swarm-rds-multi-az seed 10)', () => {
    // db-1's engine start after one restart is cut short by another crash; it restarts during an
    // AZ outage (its report does not get through). Before, the control plane still counted the
    // first start as under way and never told db-1 to start: no writer for the rest of the run.
    const s: Scenario = {
      ...loadBundled('swarm-rds-multi-az', 10),
      faults: [
        { atUs: 13_243_000, forUs: 52_970_000, kind: 'pause', target: { node: 'db-2' } },
        { atUs: 14_885_000, forUs: 13_548_000, kind: 'crash', target: { node: 'db-1' } },
        { atUs: 25_117_000, forUs: 40_636_000, kind: 'restart', target: { role: 'standby' } },
        { atUs: 38_578_000, kind: 'failover', target: { role: 'writer' } },
        { atUs: 124_067_000, forUs: 16_778_000, kind: 'restart', target: { node: 'db-1' } },
        { atUs: 184_862_000, forUs: 10_932_000, kind: 'restart', target: { role: 'writer' } },
        { atUs: 192_495_000, forUs: 23_561_000, kind: 'az-outage', az: 'az-a' },
      ],
    };
    const ev = events(s);
    expect(of(ev, 'recovered').filter((e) => e.timeUs > 216 * S).map((e) => e.node)).toEqual(['db-1']);
  });
});
