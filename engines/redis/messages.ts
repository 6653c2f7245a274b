// Messages between Redis nodes (cluster bus, replication link) and between clients and nodes,
// with the byte sizes the network counts. A cluster-bus header carries the sender's 2 KB slot
// bitmap, so every ping and pong is about 2.2 KB plus 104 bytes per gossip entry, as in Redis.
// Leaves out: pub/sub and module messages on the bus, MEET handshakes (the cluster is formed).

import type { Operation } from '../../sim/operation.ts';
import type { Keyspace } from './keyspace.ts';
import type { ReplEntry } from './repl-log.ts';

export const BUS_HEADER_BYTES = 2256;
export const GOSSIP_ENTRY_BYTES = 104;
export const SMALL_BYTES = 64;
export const COMMAND_OVERHEAD_BYTES = 40;
export const REPLY_OVERHEAD_BYTES = 16;

/** What every cluster-bus message says about its sender. */
export interface BusHeader {
  from: number;
  currentEpoch: number;
  configEpoch: number;
  role: 'primary' | 'replica';
  /** The sender's primary, for a replica; -1 for a primary. */
  primaryOf: number;
  /** The shard whose slots the sender claims (as a primary), or -1. */
  claims: number;
  /** The sender's replication offset. */
  offset: number;
}

export interface GossipEntry {
  idx: number;
  pfail: boolean;
  fail: boolean;
}

export type BusMessage =
  | { kind: 'ping' | 'pong'; header: BusHeader; gossip: GossipEntry[] }
  | { kind: 'fail'; header: BusHeader; target: number }
  | { kind: 'update'; header: BusHeader; shard: number; owner: number; epoch: number }
  | { kind: 'auth-request'; header: BusHeader; shard: number; primary: number; primaryEpoch: number; force: boolean }
  | { kind: 'auth-ack'; header: BusHeader }
  | { kind: 'mf-start'; header: BusHeader }
  | { kind: 'mf-offset'; header: BusHeader; offset: number };

/** One kind of bus message. */
export type BusMessageOf<K extends BusMessage['kind']> = Extract<BusMessage, { kind: K }>;

/** What the bus hands to the node's elections (failover.ts). */
export type ElectionMessage = BusMessageOf<'auth-request' | 'auth-ack' | 'mf-start' | 'mf-offset'>;

export function busBytes(m: BusMessage): number {
  return BUS_HEADER_BYTES + (m.kind === 'ping' || m.kind === 'pong' ? m.gossip.length * GOSSIP_ENTRY_BYTES : 0);
}

/** The replication link: primary to replica (stream, ping, resync answers), replica to primary. */
export type ReplMessage =
  | { kind: 'entry'; from: number; entry: ReplEntry }
  | { kind: 'repl-ping'; from: number; offset: number }
  | { kind: 'psync'; from: number; head: ReplEntry | null }
  | { kind: 'partial'; from: number; entries: ReplEntry[] }
  | { kind: 'full'; from: number; snapshot: Keyspace; head: ReplEntry | null }
  | { kind: 'ack'; from: number; offset: number }
  | { kind: 'reset'; from: number };

/** A client command; `readonly` = a READONLY connection reading from a replica. */
export interface Command {
  op: Operation;
  readonly: boolean;
}

export type CommandReply =
  | { ok: true; value: number | null }
  | { ok: false; error: string; maybeApplied: boolean; movedTo?: number };

/** CLUSTER SLOTS, as the answering node sees it: each shard's primary and healthy replicas. */
export interface SlotsReply {
  primaries: number[];
  replicas: number[][];
}
