// Redo log records and the messages that carry them, with their sizes on the wire.
// A record is what the writer ships instead of pages: the new value of one key plus a header
// (LSN, the backlink to the previous record of its protection group, page id, epoch, length and
// checksum). Records are shared by reference between every holder; a holder's state says which
// records it has. Every write is one mini-transaction of one record, so every record is a
// consistency point (CPL).
// Leaves out: multi-record mini-transactions, undo, and page images.

export interface RedoRecord {
  readonly lsn: number;
  /** Protection group of the key. */
  readonly pg: number;
  /** LSN of the previous record of the same PG (its backlink); 0 for the first. */
  readonly prevLsn: number;
  /** Epoch of the writer that created it (storage refuses records of older epochs). */
  readonly epoch: number;
  readonly keyIndex: number;
  readonly value: number;
  /** Bytes on the wire: the value plus REDO_HEADER_BYTES. */
  readonly bytes: number;
  /** When the writer's durable point passed it (-1 until then). */
  commitUs: number;
  /** Persisted by at least one segment: part of the volume's log (the S3-backed history). */
  stored: boolean;
  /** Voided by a recovery's truncation. */
  truncated: boolean;
  /** How many segments came to hold it (checked when it is acknowledged; copies lost later still count). */
  copies: number;
}

/** Header of one redo record: LSN, backlinks, page id, epoch, type, length, checksum. */
export const REDO_HEADER_BYTES = 64;
/** Header of one message to a storage node (PG, epoch, durable point, GC point). */
export const BATCH_HEADER_BYTES = 32;
/** A storage acknowledgement (PG, slot, LSN, segment complete LSN). */
export const ACK_BYTES = 40;
/** Control messages: health checks, recovery queries, probes, durable-point updates. */
export const CONTROL_BYTES = 48;
/** Bytes of a request or reply header between client and instance, or instance and storage. */
export const REQUEST_OVERHEAD_BYTES = 80;

/** Bytes of a batch of records on the wire. */
export function batchBytes(records: readonly RedoRecord[]): number {
  let b = BATCH_HEADER_BYTES;
  for (let i = 0; i < records.length; i++) b += records[i].bytes;
  return b;
}
