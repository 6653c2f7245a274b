// The messages between the replicas of one partition, and between routers and replicas, with the
// bytes each puts on the network. Every replica message carries the sender's term; a receiver with
// a newer term answers with it, and an older term makes it adopt the newer one (and a leader step
// down).
// Leaves out: message batching across partitions on one host, and authentication.

import type { Call } from '../../sim/rpc.ts';
import type { SimNode } from '../../sim/node.ts';
import type { LogRecord } from './replica-log.ts';
import type { ReplicatedItem, Stamp } from './item-stamp.ts';

/** A replica as its peers and the routers address it: its node and what it answers on. */
export interface ReplicaRef {
  readonly name: string;
  readonly node: SimNode;
  readonly onMessage: (m: ReplicaMessage) => void;
  readonly onRequest: (c: Call<StorageRequest, StorageReply>) => void;
  readonly onLeaderQuery: (c: Call<null, LeaderInfo>) => void;
}

export type ReplicaMessage =
  /** Leader -> follower: I lead `term`; renew your promise. `sentLocal` is the leader's clock at sending. */
  | { kind: 'heartbeat'; term: number; from: ReplicaRef; sentLocal: number; commit: number }
  | { kind: 'heartbeat-ack'; term: number; from: ReplicaRef; sentLocal: number; ok: boolean }
  /** Leader -> follower: records after (prevIndex, prevTerm), and what is committed. */
  | { kind: 'append'; term: number; from: ReplicaRef; prevIndex: number; prevTerm: number; records: LogRecord[]; commit: number }
  /** ok: the follower holds the leader's log up to `index` durably; not ok: resume after `index`. */
  | { kind: 'append-ack'; term: number; from: ReplicaRef; ok: boolean; index: number }
  | { kind: 'commit'; term: number; from: ReplicaRef; commit: number }
  /** A suspecting follower asks: do you still see a leader? */
  | { kind: 'leader-check'; term: number; from: ReplicaRef; round: number }
  | { kind: 'leader-check-reply'; term: number; from: ReplicaRef; round: number; seesLeader: boolean }
  | { kind: 'vote-request'; term: number; from: ReplicaRef; lastIndex: number; lastTerm: number }
  /** leaseRemainingUs: how much longer the voter still promises an earlier leader (its clock). */
  | { kind: 'vote'; term: number; from: ReplicaRef; granted: boolean; leaseRemainingUs: number }
  /** A leader hands over (operator failover): it no longer serves; `successor` runs at once. */
  | { kind: 'resign'; term: number; from: ReplicaRef; successor: ReplicaRef };

/** Bytes of a message header; a record adds its own bytes. */
export const HEADER_BYTES = 64;
/** Bytes a log record adds beyond the item itself. */
export const RECORD_OVERHEAD_BYTES = 100;
/** Bytes of a client request or reply header (client <-> router <-> storage). */
export const REQUEST_BYTES = 100;

export function messageBytes(m: ReplicaMessage): number {
  if (m.kind !== 'append') return HEADER_BYTES;
  let bytes = HEADER_BYTES;
  for (const r of m.records) bytes += r.bytes;
  return bytes;
}

/** What a router asks a replica to do for a client. */
export type RequestKind = 'write' | 'strong' | 'eventual' | 'transactional';

export interface StorageRequest {
  kind: RequestKind;
  keyIndex: number;
  value: number | null;
  sizeBytes: number;
  /** Global tables: writes from another region, applied in order (a `write`; keyIndex is the first's). */
  replicated?: readonly ReplicatedItem[];
  /** Global tables in strong mode: this region's write, stamped already by its coordinator. */
  stamp?: Stamp;
}

export type StorageReply =
  | { ok: true; value: number | null }
  /** hint: the leader as the replica knows it, for a router to try next. */
  | { ok: false; error: string; maybeApplied: boolean; hint?: { leader: ReplicaRef; term: number }; final?: boolean };

/** A replica's answer to a router asking who leads its partition. */
export interface LeaderInfo {
  term: number;
  leader: ReplicaRef | null;
}
