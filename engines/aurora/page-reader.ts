// Reading a page from the volume, as an instance does in normal operation: no read quorum, one
// segment at a time, in the order the caller prefers (the writer first tries segments it knows
// to be complete up to the read point, in its own AZ first). A segment that is behind says so; one
// that does not answer within `storage_timeout` is suspected (tried last) for a while, and the
// next segment is tried. Every read goes to storage.
// Leaves out: the buffer cache (a warm cache would absorb most reads and their storage traffic).

import { call } from '../../sim/rpc.ts';
import type { Rng } from '../../sim/rng.ts';
import type { SimNode } from '../../sim/node.ts';
import { CONTROL_BYTES } from './redo.ts';
import type { ReadReply, ReadRequest, StorageNode } from './storage-node.ts';
import type { Volume } from './volume.ts';
import type { Network } from '../../sim/network.ts';
import type { AuroraOptions } from './options.ts';

export interface PageReaderParts {
  opts: Pick<AuroraOptions, 'storageTimeoutUs' | 'quorumProbeIntervalUs'>;
  network: Network;
  now: () => number;
  volume: Volume<StorageNode>;
}

export type PageResult = { ok: true; value: number | null } | { ok: false; error: string };

interface ReadJob {
  req: ReadRequest;
  order: StorageNode[];
  next: number;
  done: (r: PageResult) => void;
}

export class PageReader {
  /** Until when a segment's node that timed out is tried last. */
  private readonly suspectUntil = new Map<StorageNode, number>();
  private readonly ranks = new Int8Array(8);

  constructor(
    private readonly parts: PageReaderParts,
    private readonly node: SimNode,
    readonly rng: Rng,
  ) {}

  isSuspect(s: StorageNode): boolean {
    if (this.suspectUntil.size === 0) return false;
    const until = this.suspectUntil.get(s);
    return until !== undefined && until > this.parts.now();
  }

  /**
   * Candidates for a read: `preferred` first, then the rest of the PG's segments, each group
   * with the reader's AZ first and a random rotation inside, suspects last.
   */
  order(pg: number, preferred: (slot: number) => boolean): StorageNode[] {
    const members = this.parts.volume.pgs[pg].members;
    const n = members.length;
    const start = this.rng.int(n);
    const ranks = this.ranks;
    for (let slot = 0; slot < n; slot++) {
      const m = members[slot];
      ranks[slot] = (this.isSuspect(m) ? 4 : 0) + (preferred(slot) ? 0 : 2) + (m.node.az === this.node.az ? 0 : 1);
    }
    const out: StorageNode[] = [];
    for (let rank = 0; rank < 8; rank++) {
      for (let k = 0; k < n; k++) {
        const slot = (start + k) % n;
        if (ranks[slot] === rank) out.push(members[slot]);
      }
    }
    return out;
  }

  read(req: ReadRequest, order: StorageNode[], done: (r: PageResult) => void): void {
    this.attempt({ req, order, next: 0, done });
  }

  private attempt(job: ReadJob): void {
    if (job.next >= job.order.length) return job.done({ ok: false, error: 'no-segment-available' });
    const target = job.order[job.next++];
    let answered = false;
    const timer = this.node.setTimer(this.parts.opts.storageTimeoutUs, () => {
      if (answered) return;
      answered = true;
      this.suspectUntil.set(target, this.parts.now() + this.parts.opts.quorumProbeIntervalUs);
      this.attempt(job);
    });
    call<ReadRequest, ReadReply>(this.parts.network, this.node, target.node, CONTROL_BYTES, target.onRead, job.req, (reply) => {
      if (answered) return;
      answered = true;
      this.node.cancelTimer(timer);
      this.suspectUntil.delete(target);
      if (reply.ok) job.done(reply);
      else this.attempt(job);
    });
  }
}
