// The application's database driver for RDS: writes and strong reads go to the writer (cluster)
// endpoint, eventual reads to the reader endpoint, each a DNS name reached over pooled
// connections (sim/endpoint-driver.ts). Every error reply closes the connection: read-only,
// unavailable and reset all mean the instance is not what the client wanted, so the next attempt
// resolves the name again.
// Leaves out: RDS Proxy and smart drivers that learn the topology.

import { EndpointDriver, type EndpointDriverConfig } from '../../sim/endpoint-driver.ts';
import type { SimClient } from '../../sim/client.ts';
import type { Sim } from '../../sim/sim.ts';
import { REQUEST_OVERHEAD_BYTES } from './log-entry.ts';

export const WRITER_ENDPOINT = 'writer';
export const READER_ENDPOINT = 'reader';

/** `serverAt`: the instance behind an endpoint (the cluster's lookup). */
export function rdsDriver(sim: Sim, client: SimClient, serverAt: EndpointDriverConfig['serverAt']): EndpointDriver {
  return new EndpointDriver(sim, client, {
    endpointFor: (op) => (op.kind === 'write' || op.consistency === 'strong' ? WRITER_ENDPOINT : READER_ENDPOINT),
    serverAt,
    requestBytes: (op) => REQUEST_OVERHEAD_BYTES + (op.kind === 'write' ? op.sizeBytes : 0),
  });
}
