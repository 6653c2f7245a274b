// Global tables' multi-Region strong consistency (MRSC, `global_consistency: strong`): three
// regions, and a write is acknowledged only once it is durable in a second region too, so a
// region's loss loses no acknowledged write (RPO 0). AWS documents the behaviour, not the
// protocol; this is a small one that gives it:
// 1. The region's router takes a lock on the item for its region, then asks the two other
//    regions to lock it too (prepare); a region holding a lock of another region's unfinished
//    write refuses (a conflict).
// 2. On the first region that accepts, the write gets its stamp: later than the writer's clock and
//    than what both regions hold (two regions of three always share one, so a later write's stamp
//    is later than every acknowledged one's), and is written to the accepting region's leader
//    and to this region's own leader. Both durable: acknowledged.
// 3. No region accepts within `replication_timeout`: the write fails, as
//    `replicated-write-conflict` when one refused (AWS: ReplicatedWriteConflictException),
//    else `replication-unavailable` (a region cut off from the others cannot write).
// The third region gets the write from the asynchronous stream (replication-sender.ts) like any
// other. A lock ends when its write is applied or after `replication_timeout`.
// Strongly consistent reads: strong-reads.ts.
// Leaves out: the witness configuration (2 replicas and a witness), and a lock's own durability
// (locks live with the routers of the region, shared, and vanish with nothing).

import { call } from '../../sim/rpc.ts';
import type { Scheduler } from '../../sim/scheduler.ts';
import type { Network } from '../../sim/network.ts';
import type { ReplicatedItem, Stamp } from './item-stamp.ts';
import { RECORD_OVERHEAD_BYTES, REQUEST_BYTES, type StorageRequest } from './messages.ts';
import type { Answer, Router } from './router.ts';
import { applyBatch } from './replication-sender.ts';

export interface StrongParts {
  scheduler: Scheduler;
  network: Network;
  timeoutUs: number;
  copies: number;
  routersOf(copy: number): readonly Router[];
  copyOf(router: Router): number;
  /** The region index of a copy (a stamp's tie-break). */
  regionOf(copy: number): number;
  /** The stamp of the item's latest write committed in a copy. */
  held(copy: number, keyIndex: number): Stamp | null;
  /** pause-replication holds the copy's links. */
  paused(copy: number): boolean;
}

interface Lock {
  origin: number;
  untilUs: number;
}

type Prepared = { ok: true; held: Stamp | null } | { ok: false };

interface StrongWrite {
  origin: number;
  router: Router;
  answer: Answer;
  partition: number;
  req: StorageRequest;
  refused: number;
  unanswered: number;
  item: ReplicatedItem | null;
  localDone: boolean;
  localOk: boolean;
  remoteOk: boolean;
  finished: boolean;
}

export class StrongReplication {
  private readonly locks: Map<number, Lock>[];

  constructor(private readonly parts: StrongParts) {
    this.locks = Array.from({ length: parts.copies }, () => new Map<number, Lock>());
  }

  write(router: Router, answer: Answer, partition: number, req: StorageRequest): void {
    const origin = this.parts.copyOf(router);
    if (!this.lock(origin, origin, req.keyIndex)) return answer.respond(REQUEST_BYTES, { ok: false, error: 'replicated-write-conflict', maybeApplied: false });
    const w: StrongWrite = { origin, router, answer, partition, req, refused: 0, unanswered: this.parts.copies - 1, item: null, localDone: false, localOk: false, remoteOk: false, finished: false };
    for (let j = 0; j < this.parts.copies; j++) if (j !== origin) this.prepare(w, j);
    this.parts.scheduler.after(this.parts.timeoutUs, () => this.giveUp(w));
  }

  /** A lock on the item in `copy` for a write of region `origin`; false while another region's holds it. */
  private lock(copy: number, origin: number, keyIndex: number): boolean {
    const now = this.parts.scheduler.now;
    const held = this.locks[copy].get(keyIndex);
    if (held !== undefined && held.origin !== origin && held.untilUs > now) return false;
    this.locks[copy].set(keyIndex, { origin, untilUs: now + this.parts.timeoutUs });
    return true;
  }

  private unlock(copy: number, origin: number, keyIndex: number): void {
    if (this.locks[copy].get(keyIndex)?.origin === origin) this.locks[copy].delete(keyIndex);
  }

  private target(copy: number): Router {
    const routers = this.parts.routersOf(copy);
    return routers.find((r) => r.node.isUp) ?? routers[0];
  }

  private prepare(w: StrongWrite, j: number): void {
    // A paused link carries nothing: the region's answer never comes.
    if (this.parts.paused(w.origin) || this.parts.paused(j)) return;
    const to = this.target(j);
    const key = w.req.keyIndex;
    call<null, Prepared>(
      this.parts.network,
      w.router.node,
      to.node,
      REQUEST_BYTES,
      (c) => to.serve(() => c.respond(REQUEST_BYTES, this.lock(j, w.origin, key) ? { ok: true, held: this.parts.held(j, key) } : { ok: false })),
      null,
      (reply) => this.prepared(w, j, to, reply),
    );
  }

  private prepared(w: StrongWrite, j: number, to: Router, reply: Prepared): void {
    w.unanswered--;
    if (!reply.ok) {
      w.refused++;
      if (w.unanswered === 0 && w.item === null) this.fail(w, 'replicated-write-conflict', false);
      return;
    }
    if (w.finished && w.item === null) return this.unlockRemote(w, j, to);
    if (w.item === null) w.item = this.decide(w, reply.held);
    this.commitAt(w, j, to, w.item);
  }

  /** The write's stamp, and its write to this region's own leader. */
  private decide(w: StrongWrite, remote: Stamp | null): ReplicatedItem {
    const p = this.parts;
    let tsUs = w.router.node.localNow();
    for (const h of [remote, p.held(w.origin, w.req.keyIndex)]) if (h !== null && h.tsUs >= tsUs) tsUs = h.tsUs + 1;
    const stamp: Stamp = { tsUs, region: p.regionOf(w.origin) };
    w.router.toLeader(w.partition, { ...w.req, stamp }, {
      respond: (_bytes, r) => {
        w.localDone = true;
        w.localOk = r.ok;
        this.check(w);
      },
    });
    return { keyIndex: w.req.keyIndex, value: w.req.value!, sizeBytes: w.req.sizeBytes, stamp, originRegion: stamp.region, originCommitUs: p.scheduler.now };
  }

  /** The stamped write to the leader of region `j`, which accepted it; its lock ends once applied. */
  private commitAt(w: StrongWrite, j: number, to: Router, item: ReplicatedItem): void {
    const key = w.req.keyIndex;
    call<null, boolean>(
      this.parts.network,
      w.router.node,
      to.node,
      REQUEST_BYTES + item.sizeBytes + RECORD_OVERHEAD_BYTES,
      (c) =>
        to.serve(() =>
          applyBatch(to, { partition: w.partition, items: [item] }, (ok) => {
            this.unlock(j, w.origin, key);
            c.respond(REQUEST_BYTES, ok);
          }),
        ),
      null,
      (ok) => {
        if (ok) w.remoteOk = true;
        this.check(w);
      },
    );
  }

  /** A region that accepted after the write gave up: its lock is released. */
  private unlockRemote(w: StrongWrite, j: number, to: Router): void {
    const key = w.req.keyIndex;
    call<null, null>(this.parts.network, w.router.node, to.node, REQUEST_BYTES, (c) => to.serve(() => { this.unlock(j, w.origin, key); c.respond(REQUEST_BYTES, null); }), null, () => {});
  }

  private check(w: StrongWrite): void {
    if (w.finished) return;
    if (w.localDone && !w.localOk) return this.fail(w, 'unavailable', true);
    if (!w.localOk || !w.remoteOk) return;
    w.finished = true;
    this.unlock(w.origin, w.origin, w.req.keyIndex);
    w.answer.respond(REQUEST_BYTES, { ok: true, value: w.req.value });
  }

  private giveUp(w: StrongWrite): void {
    if (w.finished) return;
    if (w.item !== null) return this.fail(w, 'timeout', true);
    this.fail(w, w.refused > 0 ? 'replicated-write-conflict' : 'replication-unavailable', false);
  }

  private fail(w: StrongWrite, error: string, maybeApplied: boolean): void {
    if (w.finished) return;
    w.finished = true;
    this.unlock(w.origin, w.origin, w.req.keyIndex);
    w.answer.respond(REQUEST_BYTES, { ok: false, error, maybeApplied });
  }
}
