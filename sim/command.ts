// A managed service's control plane commanding a host: the command is a request over the network,
// answered on receipt (1: carried out or under way, 0: refused), and a command with no answer
// within the sender's timeout counts as not carried out (the host crashed, or a partition or loss
// stopped the command or its answer). An operator's reboot is the one command never answered: the
// process it would answer from restarts.
// Leaves out: retransmission (the sender decides whether and when to try again).

import { call, type Call } from './rpc.ts';
import type { Network } from './network.ts';
import type { SimNode } from './node.ts';

export interface CommandOutcome {
  /** Whether the host was heard: true when the answer arrives, false at the timeout without one (first of the two). */
  settled?(heard: boolean): void;
  /** The answer arrived: whether the host carried the command out. */
  answered?(obeyed: boolean): void;
  /** No answer within the timeout (the timeout is armed only when this is given). */
  unanswered?(): void;
}

/** Sends `cmd` from `from` to `to`, served there by `handler`; the timeout runs on `from`'s clock. */
export function sendCommand<C>(
  network: Network,
  from: SimNode,
  to: SimNode,
  bytes: number,
  handler: (c: Call<C, number>) => void,
  cmd: C,
  timeoutUs: number,
  outcome: CommandOutcome,
): void {
  let heard = false;
  call<C, number>(network, from, to, bytes, handler, cmd, (obeyed) => {
    heard = true;
    outcome.settled?.(true);
    outcome.answered?.(obeyed === 1);
  });
  if (outcome.unanswered !== undefined)
    from.setTimer(timeoutUs, () => {
      if (heard) return;
      outcome.settled?.(false);
      outcome.unanswered!();
    });
}

/** Serves a command at its host: a reboot restarts the process at once, anything else is answered by `obey`. */
export function serveCommand<C extends { kind: string }>(c: Call<C, number>, node: SimNode, bytes: number, obey: (cmd: C) => boolean): void {
  if (c.req.kind === 'reboot') {
    node.crash();
    node.restart();
    return;
  }
  c.respond(bytes, obey(c.req) ? 1 : 0);
}
