// The application's database driver for Aurora: writes and `strong` reads go to the cluster
// (writer) endpoint, `eventual` reads to the reader endpoint, which spreads connections over the
// replicas. Each endpoint is a DNS name the client caches for the record's TTL, and a connection
// that stays pinned to the instance it was opened to. An error closes the connection, so the next
// attempt resolves the name again (and after a failover finds the new writer once the cached
// answer has expired).
// Leaves out: RDS Proxy and the AWS "smart" drivers that learn the topology from the database.

import { EndpointDriver, type EndpointDriverConfig } from '../../sim/endpoint-driver.ts';
import type { SimClient } from '../../sim/client.ts';
import type { Sim } from '../../sim/sim.ts';
import { REQUEST_OVERHEAD_BYTES } from './redo.ts';

export const WRITER_ENDPOINT = 'aurora-cluster';
export const READER_ENDPOINT = 'aurora-reader';

/** Errors the database returns on a healthy connection: retrying on it is fine. */
const DATABASE_ERRORS = new Set(['write-quorum-unavailable', 'write-quorum-lost', 'volume-recovering', 'volume-unavailable', 'no-segment-available', 'lsn-allocation-limit', 'writer-unconfirmed']);

/** `serverAt`: the instance behind an endpoint (the cluster's lookup). */
export function auroraDriver(sim: Sim, client: SimClient, serverAt: EndpointDriverConfig['serverAt']): EndpointDriver {
  return new EndpointDriver(sim, client, {
    endpointFor: (op) => (op.kind === 'write' || op.consistency === 'strong' ? WRITER_ENDPOINT : READER_ENDPOINT),
    serverAt,
    requestBytes: (op) => REQUEST_OVERHEAD_BYTES + (op.kind === 'write' ? op.sizeBytes : 0),
    keepConnectionOn: DATABASE_ERRORS,
  });
}
