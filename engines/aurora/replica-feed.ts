// The writer's redo stream to its Aurora replicas (REFERENCE-FIGURES.md A13): every record is sent
// to every replica as it is created, and every advance of the durable point (VDL) follows it, so
// a replica applies only what is durable. Commit never waits for a replica. A replica that joins
// (or loses its place) gets a snapshot: the durable point, each PG's last committed LSN, and the
// records still in flight. Replicas report their read point back; the lowest one bounds the GC
// point the writer announces to storage (versions a replica may still read are kept).
// Leaves out: batching of the stream and page invalidation details.

import { CONTROL_BYTES, batchBytes, type RedoRecord } from './redo.ts';
import type { Network } from '../../sim/network.ts';
import type { SimNode } from '../../sim/node.ts';

export type StreamMessage =
  | { kind: 'join'; epoch: number; vdl: number; pgCommitted: Float64Array; records: RedoRecord[]; next: number }
  | { kind: 'records'; epoch: number; records: RedoRecord[] }
  | { kind: 'vdl'; epoch: number; vdl: number };

/** A replica as the feed knows it: where it runs and its handler for stream messages. */
export interface FeedTarget {
  readonly node: SimNode;
  readonly onStream: (m: StreamMessage) => void;
}

interface Link {
  inst: FeedTarget;
  readPoint: number;
  heardUs: number;
}

/** A replica silent this long no longer holds back garbage collection. */
const FEEDBACK_EXPIRY_US = 2_000_000;

export class ReplicaFeed {
  private links: Link[] = [];

  constructor(
    private readonly network: Network,
    private readonly now: () => number,
    /** The writer's node. */
    private readonly from: SimNode,
    /** The writer's epoch (it changes when the writer recovers the volume again). */
    public epoch: number,
    /** The writer's state for a snapshot. */
    private readonly snapshot: () => { vdl: number; pgCommitted: Float64Array; inFlight: RedoRecord[]; nextLsn: number },
  ) {}

  get size(): number {
    return this.links.length;
  }

  attach(inst: FeedTarget): void {
    let link = this.links.find((l) => l.inst === inst);
    if (link === undefined) {
      link = { inst, readPoint: 0, heardUs: -FEEDBACK_EXPIRY_US };
      this.links.push(link);
    }
    const s = this.snapshot();
    const m: StreamMessage = { kind: 'join', epoch: this.epoch, vdl: s.vdl, pgCommitted: s.pgCommitted.slice(), records: s.inFlight, next: s.nextLsn };
    this.send(inst, CONTROL_BYTES + 8 * s.pgCommitted.length + batchBytes(s.inFlight), m);
  }

  detach(inst: FeedTarget): void {
    this.links = this.links.filter((l) => l.inst !== inst);
  }

  record(rec: RedoRecord): void {
    if (this.links.length === 0) return;
    const m: StreamMessage = { kind: 'records', epoch: this.epoch, records: [rec] };
    const bytes = batchBytes(m.records);
    for (const l of this.links) this.send(l.inst, bytes, m);
  }

  vdl(vdl: number): void {
    if (this.links.length === 0) return;
    const m: StreamMessage = { kind: 'vdl', epoch: this.epoch, vdl };
    for (const l of this.links) this.send(l.inst, CONTROL_BYTES, m);
  }

  /** A replica's report of its read point. */
  feedback(inst: FeedTarget, readPoint: number): void {
    const l = this.links.find((x) => x.inst === inst);
    if (l === undefined) return;
    if (readPoint > l.readPoint) l.readPoint = readPoint;
    l.heardUs = this.now();
  }

  /** The lowest read point of the replicas heard from lately (Infinity if none). */
  minReadPoint(): number {
    const now = this.now();
    let min = Infinity;
    for (const l of this.links) if (now - l.heardUs < FEEDBACK_EXPIRY_US && l.readPoint < min) min = l.readPoint;
    return min;
  }

  private send(to: FeedTarget, bytes: number, m: StreamMessage): void {
    this.network.send(this.from, to.node, bytes, to.onStream, m);
  }
}
