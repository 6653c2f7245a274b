// The application's DynamoDB client (SDK): it sends each attempt to a request router, its own
// AZ's first, or through DAX when the table has a DAX cluster and this client uses it. After a
// timeout it moves to the next endpoint (other routers of its AZ, then other AZs'). Throttling
// comes back as the `throttled` error, which the client's retry policy backs off from.
// Each attempt is signed as it is sent; a client has no clock model of its own, so its signature
// time is true time (request-signature.ts).
// Leaves out: the SDK's own retry loop (the simulator's client retries) and connection setup.

import { call } from '../../sim/rpc.ts';
import type { SimClient } from '../../sim/client.ts';
import type { AttemptResult, Attempt, Driver } from '../../sim/operation.ts';
import type { Call } from '../../sim/rpc.ts';
import type { SimNode } from '../../sim/node.ts';
import type { Network } from '../../sim/network.ts';
import { REQUEST_BYTES } from './messages.ts';
import type { RouterRequest } from './router.ts';

/** Something a client can send requests to: a router or a DAX node. */
export interface RequestEndpoint {
  readonly node: SimNode;
  readonly onRequest: (c: Call<RouterRequest, AttemptResult>) => void;
}

/** Endpoints ordered for a client in `az`: its own AZ's first, then the others in region order. */
export function byAffinity<T extends RequestEndpoint>(endpoints: readonly T[], az: string): T[] {
  return [...endpoints.filter((e) => e.node.az === az), ...endpoints.filter((e) => e.node.az !== az)];
}

export class DynamoDriver implements Driver {
  private readonly endpoints: RequestEndpoint[];
  private preferred = 0;

  /** `endpoints`: the routers, or the DAX nodes when this client uses DAX (any order). */
  constructor(
    private readonly network: Network,
    private readonly now: () => number,
    private readonly client: SimClient,
    endpoints: readonly RequestEndpoint[],
  ) {
    this.endpoints = byAffinity(endpoints, client.az);
  }

  start(a: Attempt): void {
    const e = this.endpoints[this.preferred];
    const op = a.op;
    a.sent = true;
    const bytes = REQUEST_BYTES + (op.kind === 'write' ? op.sizeBytes : 0);
    call<RouterRequest, AttemptResult>(this.network, this.client, e.node, bytes, e.onRequest, { op, signedAtUs: this.now() }, (reply) => a.finish(reply));
  }

  abandon(): void {
    this.preferred = (this.preferred + 1) % this.endpoints.length;
  }
}
