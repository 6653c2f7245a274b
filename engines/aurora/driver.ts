// The application's database driver for Aurora: writes and `strong` reads go to the cluster
// (writer) endpoint, `eventual` reads to the reader endpoint, which spreads connections over the
// replicas. Each endpoint is a DNS name the client caches for the record's TTL, and a connection
// that stays pinned to the instance it was opened to. An error closes the connection, so the next
// attempt resolves the name again (and after a failover finds the new writer once the cached
// answer has expired).
// This is the `dns` client path; cluster.ts changes it for an RDS Proxy or a topology-aware
// driver (`client_path`, sim/client-path.ts).

import type { EndpointDriverConfig } from '../../sim/endpoint-driver.ts';
import type { AttemptResult, Operation } from '../../sim/operation.ts';
import { REQUEST_OVERHEAD_BYTES } from './redo.ts';

export const WRITER_ENDPOINT = 'aurora-cluster';
export const READER_ENDPOINT = 'aurora-reader';

/** Errors the database returns on a healthy connection: retrying on it is fine. */
export const DATABASE_ERRORS = new Set(['write-quorum-unavailable', 'write-quorum-lost', 'volume-recovering', 'volume-unavailable', 'no-segment-available', 'lsn-allocation-limit', 'writer-unconfirmed']);

export const requestBytes = (op: Operation): number => REQUEST_OVERHEAD_BYTES + (op.kind === 'write' ? op.sizeBytes : 0);
export const replyBytes = (op: Operation, r: AttemptResult): number => REQUEST_OVERHEAD_BYTES + (r.ok && op.kind === 'read' ? op.sizeBytes : 0);

/** `serverAt`: the instance behind an endpoint (the cluster's lookup). */
export function auroraDriverConfig(serverAt: EndpointDriverConfig['serverAt']): EndpointDriverConfig {
  return {
    endpointFor: (op) => (op.kind === 'write' || op.consistency === 'strong' ? WRITER_ENDPOINT : READER_ENDPOINT),
    serverAt,
    requestBytes,
    keepConnectionOn: DATABASE_ERRORS,
  };
}
