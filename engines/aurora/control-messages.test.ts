// The control plane's commands are messages and its view of an instance comes from what the
// instance sends: a partition or a crash stops a command, and the control plane notices by a
// missing acknowledgement (after the health-check timeout), not by looking at the instance.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../scenarios/run.ts';
import { loadBundled, withOptions, withRate } from '../../test/bundled.ts';
import type { Scenario } from '../../scenarios/format/scenario.ts';
import type { SimEvent } from '../../sim/event-log.ts';

const S = 1_000_000;

function events(s: Scenario): SimEvent[] {
  const out: SimEvent[] = [];
  runScenario(s, { sinks: { event: (e) => out.push(e) } });
  return out;
}

// instance-2 is the only tier-1 replica (the first choice), instance-3 the tier-15 one; a short
// promotion finishes long before health checks could find instance-2 failed.
const base = withOptions(withRate(loadBundled('aurora-writer-crash', 1), 50), { replicas: 2, low_priority_replicas: 1, promotion: { kind: 'constant', value: 1 * S } });
const failoverAt = events(base).find((e) => e.kind === 'failover-started')!.timeUs;
const promotedNodes = (ev: SimEvent[]) => ev.filter((e) => e.kind === 'promoted').map((e) => e.node);

describe('aurora > control plane messages', () => {
  it('promotes the first-choice replica when nothing stands in the way', () => {
    expect(promotedNodes(events(base))).toEqual(['instance-2']);
  });

  it('does not promote a replica the control plane cannot reach: the promotion goes unanswered and the next replica is chosen', () => {
    // Cut only the control plane from instance-2, just before the failover starts: instance-2
    // still reaches storage and passed its last health check.
    const cut: Scenario = { ...base, faults: [...base.faults, { atUs: failoverAt - 1000, forUs: 60 * S, kind: 'partition', sides: [['aurora-control-plane'], ['instance-2']], oneWay: false }] };
    const ev = events(cut);
    expect(promotedNodes(ev)).toEqual(['instance-3']);
    const retried = ev.filter((e) => e.kind === 'failover-started').map((e) => e.node);
    expect(retried).toEqual(['instance-2', 'instance-3']);
  });

  it('learns within the command timeout that the target crashed while the promotion was on its way', () => {
    const crashed: Scenario = { ...base, faults: [...base.faults, { atUs: failoverAt + 1, kind: 'crash', target: { node: 'instance-2' } }] };
    const ev = events(crashed);
    const second = ev.filter((e) => e.kind === 'failover-started')[1];
    expect(second.node).toBe('instance-3');
    // The acknowledgement's timeout (health_check_timeout, 1 s), not 3 failed health checks (>= 4 s).
    expect(second.timeUs - failoverAt).toBeLessThan(1.5 * S);
    expect(promotedNodes(ev)).toEqual(['instance-3']);
  });

  it('hears of a restarted replica only from the replica: cut off from the control plane, it is not started until the partition heals', () => {
    const healUs = failoverAt + 30 * S;
    const s: Scenario = {
      ...base,
      faults: [
        { atUs: 20 * S, forUs: healUs - 20 * S, kind: 'partition', sides: [['aurora-control-plane'], ['instance-3']], oneWay: false },
        { atUs: 25 * S, forUs: 2 * S, kind: 'crash', target: { node: 'instance-3' } },
      ],
    };
    const rejoined = events(s).filter((e) => e.kind === 'rejoined' && e.node === 'instance-3');
    expect(rejoined.length).toBe(1);
    expect(rejoined[0].timeUs).toBeGreaterThan(healUs);
  });
});
