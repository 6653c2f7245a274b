import { describe, expect, it } from 'vitest';
import { Scheduler } from './scheduler.ts';
import { Rng } from './rng.ts';
import { Network } from './network.ts';
import { SimNode } from './node.ts';
import { constant } from './distribution.ts';
import { membership } from './link-rules.ts';
import { requestHostReplacement } from './host-provisioning.ts';

function setup() {
  const s = new Scheduler();
  const net = new Network(s, new Rng('provisioning'), { sameAz: constant(100), crossAz: constant(1_000), client: constant(10) });
  const cp = new SimNode(s, 'cp', 'control-plane', []);
  const host = new SimNode(s, 'host', 'az-a', []);
  net.register(cp);
  net.register(host);
  return { s, net, cp, host };
}

describe('sim > host provisioning', () => {
  it('restarts a crashed host when the request arrives, and answers before the restarted host can speak', () => {
    const { s, net, cp, host } = setup();
    const log: string[] = [];
    host.hooks = { onRestart: () => net.send(host, cp, 1, () => log.push(`host back at ${s.now}`)) };
    host.crash();
    requestHostReplacement(net, cp, host, 10, (replaced) => log.push(`answered ${replaced} at ${s.now}`));
    s.runUntil(10_000);
    expect(host.isUp).toBe(true);
    expect(log).toEqual(['answered true at 2000', 'host back at 2000']);
  });

  it('leaves a running host alone and says so', () => {
    const { s, net, cp, host } = setup();
    let answer: boolean | null = null;
    requestHostReplacement(net, cp, host, 10, (replaced) => (answer = replaced));
    s.runUntil(10_000);
    expect(answer).toBe(false);
  });

  it('is stopped by a partition between the requester and the host: no restart, no answer', () => {
    const { s, net, cp, host } = setup();
    net.rules.add('block', membership(2, [cp.id]), membership(2, [host.id]));
    host.crash();
    let answered = false;
    requestHostReplacement(net, cp, host, 10, () => (answered = true));
    s.runUntil(10_000);
    expect(host.state).toBe('crashed');
    expect(answered).toBe(false);
  });
});
