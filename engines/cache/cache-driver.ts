// The application's data access with a cache in front of the database, as client-side code:
//   cache-aside    read: GET from the cache; a hit is served; on a miss (or a cache error or
//                  timeout) read the database, return its answer, and fill the cache with it
//                  (SET with the TTL, not waited for). write: write the database, then DEL the
//                  key from the cache (waited for up to the cache timeout; a failed DEL does not
//                  fail the write).
//   write-through  reads as cache-aside; write: write the database, then SET the new value in
//                  the cache (waited for up to the cache timeout).
// The cache and the database are two engines' drivers, used through the contract only: a cache
// command is an Attempt of an Operation (a GET is a read, a SET a write of the value, a DEL a
// write of null). A database answer of "no such key" is cached too, as ABSENT (negative caching).
// Counters: cache_hits, cache_misses (reads that went to the cache and were not served by it),
// db_reads (reads that reached the database).
// Leaves out: request coalescing on misses, refresh-ahead, and versioned (compare-and-set) fills:
// a fill racing with a write can leave a stale entry until its TTL, as real cache-aside can.

import { Attempt, type AttemptResult, type Driver, type Operation } from '../../sim/operation.ts';
import type { Scheduler } from '../../sim/scheduler.ts';

export type CacheStrategy = 'cache-aside' | 'write-through';

/** What the cache holds for a key the database does not have (workload values are positive). */
export const ABSENT = -1;

export const CACHE_DRIVER_COUNTERS = ['cache_hits', 'cache_misses', 'db_reads'] as const;

export interface CacheDriverConfig {
  strategy: CacheStrategy;
  /** How long the application waits for one cache command. */
  timeoutUs: number;
  scheduler: Scheduler;
  count(counter: string, amount: number): void;
}

/** What the outer attempt is waiting on now (for abandon). */
interface Stage {
  sub: Attempt;
  driver: Driver;
}

export class CacheDriver implements Driver {
  constructor(
    private readonly cfg: CacheDriverConfig,
    private readonly cache: Driver,
    private readonly db: Driver,
  ) {}

  start(a: Attempt): void {
    if (a.op.kind === 'read') this.cacheCommand(a, a.op, (r) => this.afterGet(a, r));
    else this.dbCommand(a, (r) => this.afterDbWrite(a, r));
  }

  abandon(a: Attempt): void {
    const stage = a.scratch as Stage | undefined;
    if (stage === undefined || stage.sub.finished) return;
    stage.sub.finished = true;
    stage.driver.abandon(stage.sub);
  }

  private afterGet(a: Attempt, r: AttemptResult): void {
    if (r.ok && r.value !== null) {
      this.cfg.count('cache_hits', 1);
      return a.finish({ ok: true, value: r.value === ABSENT ? null : r.value });
    }
    this.cfg.count('cache_misses', 1);
    this.cfg.count('db_reads', 1);
    this.dbCommand(a, (db) => {
      a.finish(db);
      if (db.ok) this.fill(a.op, db.value === null ? ABSENT : db.value);
    });
  }

  private afterDbWrite(a: Attempt, r: AttemptResult): void {
    if (!r.ok) return a.finish(r);
    const value = this.cfg.strategy === 'cache-aside' ? null : a.op.value;
    this.cacheCommand(a, commandOp(a.op, value, this.cfg.scheduler.now), () => a.finish(r));
  }

  /** SET key value PX ttl, fire and forget (the read already has its answer). */
  private fill(op: Operation, value: number): void {
    this.cacheCommand(null, commandOp(op, value, this.cfg.scheduler.now), () => {});
  }

  /** One cache command: its result, or a `cache-timeout` error after the cache timeout. */
  private cacheCommand(a: Attempt | null, op: Operation, then: (r: AttemptResult) => void): void {
    let done = false;
    const once = (r: AttemptResult) => {
      if (done || (a !== null && a.finished)) return;
      done = true;
      then(r);
    };
    const sub = new Attempt(op, 1, (_s, r) => once(r));
    if (a !== null) a.scratch = { sub, driver: this.cache } satisfies Stage;
    this.cfg.scheduler.after(this.cfg.timeoutUs, () => {
      if (sub.finished) return;
      sub.finished = true;
      this.cache.abandon(sub);
      once({ ok: false, error: 'cache-timeout', maybeApplied: sub.sent });
    });
    this.cache.start(sub);
    // A SET or DEL that reached the cache is not the client's operation: only the database's
    // send makes the outer attempt's outcome uncertain.
  }

  /** The operation itself, against the database. */
  private dbCommand(a: Attempt, then: (r: AttemptResult) => void): void {
    const sub = new Attempt(a.op, a.number, (_s, r) => {
      if (!a.finished) then(r);
    });
    a.scratch = { sub, driver: this.db } satisfies Stage;
    linkSent(sub, a);
    this.db.start(sub);
  }
}

/** A cache command on the operation's key: a SET of `value`, or a DEL when it is null. */
function commandOp(op: Operation, value: number | null, nowUs: number): Operation {
  return { id: op.id, kind: 'write', keyIndex: op.keyIndex, key: op.key, value, consistency: 'strong', sizeBytes: op.sizeBytes, clientIndex: op.clientIndex, process: op.process, invokeUs: nowUs };
}

/**
 * The database attempt's `sent`, mirrored onto the outer attempt as the database driver sets it
 * (the client reads the outer one when it times out: was the request out, outcome unknown?).
 */
function linkSent(sub: Attempt, outer: Attempt): void {
  let sent = false;
  Object.defineProperty(sub, 'sent', {
    get: () => sent,
    set: (v: boolean) => {
      sent = v;
      if (v) outer.sent = true;
    },
  });
}
