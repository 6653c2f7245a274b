// A managed service's control plane replacing a failed host: its request travels over the
// network to the place the host runs (the hypervisor and rack under it), so a partition between
// the control plane and that host stops it, while a crash of the host's process does not (that is
// why the host is being replaced). The request reuses the host's endpoint id, so the link rules and
// latencies of the host apply to it unchanged.
// Leaves out: capacity limits of an AZ (a replacement always finds a host) and the time the
// replacement takes where the host runs (the control plane waits before it asks).

import type { Endpoint } from './endpoint.ts';
import type { Network } from './network.ts';
import type { SimNode } from './node.ts';

/** The infrastructure under `host` as a message destination: it runs what arrives, up or not. */
class HostInfrastructure implements Endpoint {
  readonly kind = 'node' as const;
  readonly incarnation = 0;

  constructor(private readonly host: SimNode) {}

  get id(): number {
    return this.host.id;
  }

  set id(_: number) {
    throw new Error('host infrastructure shares its host id and is never registered');
  }

  get name(): string {
    return this.host.name;
  }

  get az(): string {
    return this.host.az;
  }

  gate(fn: (arg: any) => void, arg: unknown): void {
    fn(arg);
  }
}

/**
 * Sends a request from `from` to replace `host` if its process is down. Where the host runs, the
 * request is answered first (`answered(true)` when the host was down and is being replaced) and
 * then the host restarts, so the answer reaches `from` before anything the restarted host sends.
 * A request or answer that a partition stops never arrives: `from` notices by its own timeout.
 */
export function requestHostReplacement(network: Network, from: SimNode, host: SimNode, bytes: number, answered: (replaced: boolean) => void): void {
  const infra = new HostInfrastructure(host);
  network.send(from, infra, bytes, () => {
    const replaced = host.state === 'crashed';
    network.send(infra, from, bytes, answered, replaced);
    if (replaced) host.restart();
  });
}
