// Strongly consistent reads of a global table in strong mode (MRSC): AWS documents that they
// return the latest acknowledged write whichever region took it. Every acknowledged write is
// durable in two regions of three (strong-replication.ts), so the region's own leader and any one
// other region between them hold it: the router reads its leader and asks the other regions for
// the item's latest committed write, and answers with the later of its leader's and the first
// answer's. No other region answering within `replication_timeout` (the region is cut off, or
// its replication paused): the read fails (`replication-unavailable`), as writes do there.
// Leaves out: a read that skips the remote round trip when the region knows it is current.

import { call } from '../../sim/rpc.ts';
import { newer, type Stamp } from './item-stamp.ts';
import { REQUEST_BYTES, type StorageRequest } from './messages.ts';
import type { Answer, Router } from './router.ts';
import type { StrongParts } from './strong-replication.ts';

interface Peeked {
  stamp: Stamp | null;
  value: number | null;
}

interface StrongRead {
  /** The leader's value, and the stamp the region had committed for the item when it came back. */
  local: { value: number | null; stamp: Stamp | null } | null;
  remote: Peeked | null;
  finished: boolean;
}

export class StrongReads {
  constructor(
    private readonly parts: StrongParts & { heldValue(copy: number, keyIndex: number): number | null },
  ) {}

  read(router: Router, answer: Answer, partition: number, req: StorageRequest): void {
    const p = this.parts;
    const origin = p.copyOf(router);
    const key = req.keyIndex;
    const r: StrongRead = { local: null, remote: null, finished: false };
    const finish = (result: Parameters<Answer['respond']>[1]) => {
      if (r.finished) return;
      r.finished = true;
      answer.respond(REQUEST_BYTES + req.sizeBytes, result);
    };
    const settle = () => {
      if (r.local === null || r.remote === null) return;
      const mine = r.local.stamp;
      const theirs = r.remote.stamp;
      const value = theirs !== null && (mine === null || newer(theirs, mine)) ? r.remote.value : r.local.value;
      finish({ ok: true, value });
    };
    router.toLeader(partition, req, {
      respond: (_bytes, result) => {
        if (!result.ok) return finish(result);
        r.local = { value: result.value, stamp: p.held(origin, key) };
        settle();
      },
    });
    for (let j = 0; j < p.copies; j++) {
      if (j === origin || p.paused(origin) || p.paused(j)) continue;
      const to = p.routersOf(j).find((x) => x.node.isUp) ?? p.routersOf(j)[0];
      call<null, Peeked>(p.network, router.node, to.node, REQUEST_BYTES, (c) => to.serve(() => c.respond(REQUEST_BYTES + req.sizeBytes, { stamp: p.held(j, key), value: p.heldValue(j, key) })), null, (peeked) => {
        if (r.remote === null) r.remote = peeked;
        settle();
      });
    }
    p.scheduler.after(p.timeoutUs, () => finish({ ok: false, error: 'replication-unavailable', maybeApplied: false }));
  }
}
