// The application's database driver for RDS: writes and strong reads go to the writer (cluster)
// endpoint, eventual reads to the reader endpoint, each a DNS name reached over pooled
// connections (sim/endpoint-driver.ts). Every error reply closes the connection: read-only,
// unavailable and reset all mean the instance is not what the client wanted, so the next attempt
// resolves the name again.
// This is the `dns` client path; cluster.ts changes it for an RDS Proxy or a topology-aware
// driver (`client_path`, sim/client-path.ts).

import type { EndpointDriverConfig } from '../../sim/endpoint-driver.ts';
import type { AttemptResult, Operation } from '../../sim/operation.ts';
import { REQUEST_OVERHEAD_BYTES } from './log-entry.ts';

export const WRITER_ENDPOINT = 'writer';
export const READER_ENDPOINT = 'reader';

export const requestBytes = (op: Operation): number => REQUEST_OVERHEAD_BYTES + (op.kind === 'write' ? op.sizeBytes : 0);
export const replyBytes = (op: Operation, r: AttemptResult): number => REQUEST_OVERHEAD_BYTES + (r.ok && op.kind === 'read' ? op.sizeBytes : 0);

/** No error keeps an instance connection open (see above); a proxy keeps its backend one on none either. */
export const NO_KEPT_ERRORS: { has(error: string): boolean } = { has: () => false };

/** `serverAt`: the instance behind an endpoint (the cluster's lookup). */
export function rdsDriverConfig(serverAt: EndpointDriverConfig['serverAt']): EndpointDriverConfig {
  return {
    endpointFor: (op) => (op.kind === 'write' || op.consistency === 'strong' ? WRITER_ENDPOINT : READER_ENDPOINT),
    serverAt,
    requestBytes,
  };
}
