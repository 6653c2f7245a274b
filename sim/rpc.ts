// Request and reply over the network: a client-side callback for the reply, a server-side handler
// that answers through the Call it is given. Each leg is one message with its own delay, loss and
// partition checks; a reply that never arrives is the caller's timeout to notice.
// Leaves out: retransmission (a lost message is lost; callers retry).

import type { Endpoint } from './endpoint.ts';
import type { Network } from './network.ts';

export class Call<Q = unknown, R = unknown, C = unknown> {
  private answered = false;
  /** The reply, once sent (the Call itself travels as the reply message: no extra object). */
  result: R | undefined = undefined;

  constructor(
    readonly net: Network,
    readonly caller: Endpoint,
    readonly server: Endpoint,
    readonly req: Q,
    readonly handler: (c: Call<Q, R>) => void,
    private readonly onReply: (result: R, context: C) => void,
    /** Handed to onReply: a caller passes its state here instead of a closure per call. */
    private readonly context: C,
  ) {}

  /** Sends the reply (at most once) back to the caller. */
  respond(bytes: number, result: R): void {
    if (this.answered) return;
    this.answered = true;
    this.result = result;
    this.net.send(this.server, this.caller, bytes, deliverReply, this);
  }

  /** The reply arrived at the caller. */
  delivered(): void {
    this.onReply(this.result as R, this.context);
  }
}

/**
 * Sends `req` from `caller` to `server`; `handler` runs at the server when the request arrives,
 * and `onReply(result, context)` at the caller when the reply does.
 */
export function call<Q, R, C = undefined>(
  net: Network,
  caller: Endpoint,
  server: Endpoint,
  bytes: number,
  handler: (c: Call<Q, R>) => void,
  req: Q,
  onReply: (result: R, context: C) => void,
  context?: C,
): void {
  const c = new Call<Q, R, C>(net, caller, server, req, handler, onReply, context as C);
  net.send(caller, server, bytes, runHandler, c);
}

function runHandler(c: Call): void {
  c.handler(c);
}

function deliverReply(c: Call): void {
  c.delivered();
}
