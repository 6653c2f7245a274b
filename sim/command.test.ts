import { describe, expect, it } from 'vitest';
import { Scheduler } from './scheduler.ts';
import { Rng } from './rng.ts';
import { Network } from './network.ts';
import { SimNode } from './node.ts';
import { constant } from './distribution.ts';
import { sendCommand, serveCommand } from './command.ts';
import type { Call } from './rpc.ts';

type Cmd = { kind: 'do'; ok: boolean } | { kind: 'reboot' };

function setup() {
  const s = new Scheduler();
  const net = new Network(s, new Rng('command'), { sameAz: constant(100), crossAz: constant(1_000), client: constant(10) });
  const cp = new SimNode(s, 'cp', 'control-plane', []);
  const host = new SimNode(s, 'host', 'az-a', []);
  net.register(cp);
  net.register(host);
  const log: string[] = [];
  const handler = (c: Call<Cmd, number>) => serveCommand(c, host, 10, (m) => m.kind === 'do' && m.ok);
  const send = (cmd: Cmd) =>
    sendCommand(net, cp, host, 10, handler, cmd, 5_000, {
      settled: (heard) => log.push(`settled ${heard} at ${s.now}`),
      answered: (obeyed) => log.push(`obeyed ${obeyed} at ${s.now}`),
      unanswered: () => log.push(`unanswered at ${s.now}`),
    });
  return { s, host, log, send };
}

describe('sim > command', () => {
  it('hears whether the host carried the command out, one round trip later', () => {
    const { s, log, send } = setup();
    send({ kind: 'do', ok: true });
    send({ kind: 'do', ok: false });
    s.runUntil(10_000);
    expect(log).toEqual(['settled true at 2000', 'obeyed true at 2000', 'settled true at 2000', 'obeyed false at 2000']);
  });

  it('takes a command a crashed host never answered as not carried out, at the timeout', () => {
    const { s, host, log, send } = setup();
    host.crash();
    send({ kind: 'do', ok: true });
    s.runUntil(10_000);
    expect(log).toEqual(['settled false at 5000', 'unanswered at 5000']);
  });

  it('reboots the host on a reboot command, which nobody answers', () => {
    const { s, host, log, send } = setup();
    let restarts = 0;
    host.hooks = { onRestart: () => restarts++ };
    send({ kind: 'reboot' });
    s.runUntil(10_000);
    expect(restarts).toBe(1);
    expect(log).toEqual(['settled false at 5000', 'unanswered at 5000']);
  });
});
