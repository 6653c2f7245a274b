// A DynamoDB global table (`global_table_azs`, only with `regions:`): a full copy of the table in
// each replica region (region-copy.ts) besides the home one, every copy multi-active (its
// region's clients read and write it), tied together by replication:
// - eventual (MREC, the default): each copy's committed writes go to every other copy through a
//   replication stream per partition and a reader per other region (replication-sender.ts); last
//   writer wins by stamp at each leader (last-writer-wins.ts). A write a copy discards because it
//   holds a later one never becomes the item's value there: `conflicts_lost` counts each such
//   acknowledged write once.
// - strong (MRSC): writes go through the coordinator (strong-replication.ts) as well; the stream
//   still carries every write to the copy that did not take part.
// Also: pause-replication (a region's links held), the replication lag per replica region
// (commit at the origin to commit in the copy, reported under the region's name), and what
// survives: a value survives (eventual) when every copy holds it, (strong) when any copy does.
// Leaves out: adding or removing a replica region while running, the witness, per-region
// capacity settings, and time to live.

import type { SimNode } from '../../sim/node.ts';
import type { DomainEvents } from '../../sim/domain-events.ts';
import type { Rng } from '../../sim/rng.ts';
import { regionOfAz } from '../../sim/regions.ts';
import type { EngineContext, NodeOutline } from '../engine.ts';
import type { DynamoOptions } from './options.ts';
import { globalAzGroups } from './options.ts';
import { regionOutline } from './node-outline.ts';
import { RegionCopy } from './region-copy.ts';
import type { ReplicaParts } from './replica.ts';
import type { LogRecord } from './replica-log.ts';
import type { Router } from './router.ts';
import type { Admission } from './admission.ts';
import { LastWriterWins } from './last-writer-wins.ts';
import type { ReplicatedItem, Stamp } from './item-stamp.ts';
import { ReplicationSender, ReplicationStream } from './replication-sender.ts';
import { StrongReplication } from './strong-replication.ts';
import { StrongReads } from './strong-reads.ts';
import { RECORD_OVERHEAD_BYTES } from './messages.ts';

export const GLOBAL_COUNTERS = ['conflicts_lost', 'replicated_writes', 'global_replication_lag_ms_max', 'replication_backlog_max'] as const;

/** What the table gives its global part: the home copy, built already, and the parts every copy shares. */
export interface GlobalParts {
  ctx: EngineContext;
  opts: DynamoOptions;
  home: RegionCopy;
  /** The nodes of the replica regions' copies, in the outline's order. */
  outline: readonly NodeOutline[];
  rngOf(nodeName: string): Rng;
  events: readonly DomainEvents[];
  partitionOf(keyIndex: number): number;
  lag(replica: string, lagUs: number): void;
  /** A copy's admission control: the table's capacity settings, its own buckets. */
  newAdmission(): Admission;
}

export class GlobalTable {
  readonly copies: RegionCopy[];
  readonly strong: StrongReplication | null;
  readonly strongReads: StrongReads | null;
  private readonly streams: ReplicationStream[][];
  private readonly senders: ReplicationSender[] = [];
  /** Pauses in force per copy (pause-replication). */
  private readonly pauses: number[];
  /** Per copy, the stamp of each item's latest committed write (what strong mode asks). */
  private readonly heldStamps: Map<number, Stamp>[];
  private readonly heldValues: Map<number, number>[];
  /** Per copy, every value committed there (a discarded duplicate of one is no conflict). */
  private readonly committedValues: Set<number>[];
  /** Values lost to a later write in some copy, each counted once. */
  private readonly lostValues = new Set<number>();
  private readonly routerCopy = new Map<Router, number>();
  /** Per replica region: how many replicated writes committed there, their summed and largest lag. */
  readonly lagByRegion = new Map<string, { writes: number; sumUs: number; maxUs: number }>();

  /**
   * The extras of the home copy's replicas are made before the GlobalTable (it needs the home
   * copy): the table binds them to `later`, which is this object once built.
   */
  static replicaExtras(copy: number, regionIndex: number, feed: Partial<ReplicaParts>, later: () => GlobalTable, partition: number): Partial<ReplicaParts> {
    return {
      lww: new LastWriterWins(regionIndex, (item, held) => later().discarded(copy, item, held)),
      committed: (rec) => {
        feed.committed?.(rec);
        later().committed(copy, partition, rec);
      },
    };
  }

  constructor(private readonly parts: GlobalParts) {
    const { ctx, opts: o, home } = parts;
    const sim = ctx.sim;
    const places = sim.region.regions ?? [];
    this.copies = [home];
    let at = 0;
    globalAzGroups(o).forEach((azs, g) => {
      const copy = g + 1;
      const regionName = regionOfAz(sim.region, azs[0]) ?? azs[0];
      const regionIndex = places.findIndex((p) => p.name === regionName);
      const count = regionOutline(o, azs, azs).length;
      const admission = parts.newAdmission();
      this.copies.push(
        new RegionCopy({
          sim,
          opts: o,
          region: regionName,
          regionIndex,
          outline: parts.outline.slice(at, (at += count)),
          replicaAzs: azs,
          events: parts.events,
          rngOf: parts.rngOf,
          lag: parts.lag,
          replicaExtras: (p) => GlobalTable.replicaExtras(copy, regionIndex, {}, () => this, p),
          durable: null,
          routerParts: { ...home.parts.routerParts, admission, gsi: null },
        }),
      );
    });
    this.copies.forEach((c, i) => c.routers.forEach((r) => this.routerCopy.set(r, i)));
    const n = this.copies.length;
    this.pauses = new Array<number>(n).fill(0);
    this.heldStamps = this.copies.map(() => new Map<number, Stamp>());
    this.heldValues = this.copies.map(() => new Map<number, number>());
    this.committedValues = this.copies.map(() => new Set<number>());
    this.streams = this.copies.map(() => Array.from({ length: o.partitions }, () => new ReplicationStream()));
    const senderParts = {
      opts: o,
      scheduler: sim.scheduler,
      network: sim.network,
      paused: (from: number, to: number) => this.pauses[from] > 0 || this.pauses[to] > 0,
      routersOf: (copy: number) => this.copies[copy].routers,
      backlog: (records: number) => ctx.count('replication_backlog_max', records),
    };
    for (let from = 0; from < n; from++) {
      for (let to = 0; to < n; to++) {
        if (to === from) continue;
        for (let p = 0; p < o.partitions; p++) this.senders.push(new ReplicationSender(senderParts, this.streams[from][p], from, to, p));
      }
    }
    for (const s of this.senders) s.start();
    const strongParts = {
      scheduler: sim.scheduler,
      network: sim.network,
      timeoutUs: o.replicationTimeoutUs,
      copies: n,
      routersOf: (copy: number) => this.copies[copy].routers,
      copyOf: (router: Router) => this.routerCopy.get(router) ?? 0,
      regionOf: (copy: number) => this.copies[copy].parts.regionIndex,
      held: (copy: number, key: number) => this.heldStamps[copy].get(key) ?? null,
      heldValue: (copy: number, key: number) => this.heldValues[copy].get(key) ?? null,
      paused: (copy: number) => this.pauses[copy] > 0,
    };
    const strong = o.globalConsistency === 'strong';
    this.strong = strong ? new StrongReplication(strongParts) : null;
    this.strongReads = strong ? new StrongReads(strongParts) : null;
  }

  /** The routers a client in `az` uses: its region's copy's, or null where its region has none (the home copy's). */
  routersFor(az: string): readonly Router[] | null {
    const region = regionOfAz(this.parts.ctx.sim.region, az);
    return this.copies.find((c) => c.parts.region === region)?.routers ?? null;
  }

  /** Copy nodes after the home copy's, in the outline's order. */
  replicaNodes(): SimNode[] {
    return this.copies.slice(1).flatMap((c) => [...c.hosts.map((h) => h.node), ...c.partitions.flat().map((r) => r.node), ...c.routers.map((r) => r.node)]);
  }

  /** A record a copy's leader committed: its own region's writes to the stream, a replicated one's lag. */
  committed(copy: number, partition: number, rec: LogRecord): void {
    if (rec.keyIndex < 0 || rec.stamp === undefined) return;
    // Records commit in log order, and a copy's later stamps win: the item's latest write is the last.
    this.heldStamps[copy].set(rec.keyIndex, rec.stamp);
    this.heldValues[copy].set(rec.keyIndex, rec.value);
    this.committedValues[copy].add(rec.value);
    const ctx = this.parts.ctx;
    if (rec.originCommitUs === undefined) {
      const item: ReplicatedItem = { keyIndex: rec.keyIndex, value: rec.value, sizeBytes: rec.bytes - RECORD_OVERHEAD_BYTES, stamp: rec.stamp, originRegion: rec.stamp.region, originCommitUs: rec.commitUs };
      this.streams[copy][partition].append(rec.index, item);
      return;
    }
    const lagUs = ctx.sim.now() - rec.originCommitUs;
    const region = this.copies[copy].parts.region;
    this.parts.lag(region, lagUs);
    const st = this.lagByRegion.get(region) ?? { writes: 0, sumUs: 0, maxUs: 0 };
    st.writes++;
    st.sumUs += lagUs;
    if (lagUs > st.maxUs) st.maxUs = lagUs;
    this.lagByRegion.set(region, st);
    ctx.count('replicated_writes', 1);
    ctx.count('global_replication_lag_ms_max', lagUs / 1000);
  }

  /** A copy discarded a replicated write for a later one it holds: lost for good (eventual mode). */
  discarded(copy: number, item: ReplicatedItem, held: Stamp): void {
    // In strong mode a later stamp means a later write in real time: the older one was not lost.
    // A later write of the item's own region (batches arriving out of order) is no conflict either.
    if (this.strong !== null || held.region === item.originRegion || this.committedValues[copy].has(item.value) || this.lostValues.has(item.value)) return;
    this.lostValues.add(item.value);
    this.parts.ctx.count('conflicts_lost', 1);
    const c = this.copies[copy];
    this.parts.events[this.parts.partitionOf(item.keyIndex)]('global-write-discarded', c.routers[0]?.node.name ?? c.parts.region, `a write to k${item.keyIndex} from region #${item.originRegion} lost to a later one held in ${c.parts.region} (last writer wins)`);
  }

  /** pause-replication: the region's copy neither sends nor receives until healed. */
  pause(region: string): () => void {
    const copy = this.copies.findIndex((c) => c.parts.region === region);
    if (copy < 0) return () => {};
    this.pauses[copy]++;
    return () => {
      this.pauses[copy]--;
    };
  }

  /** The values that survive for a key: (eventual) held in every copy's log, (strong) in any. */
  survivingValues(keyIndex: number): number[] {
    const p = this.parts.partitionOf(keyIndex);
    const lists = this.copies.map((c) => this.durable(c, p).get(keyIndex) ?? []);
    if (this.strong !== null) return [...new Set(lists.flat())];
    const others = lists.slice(1).map((l) => new Set(l));
    return lists[0].filter((v) => others.every((s) => s.has(v)));
  }

  private readonly durableCache = new Map<RegionCopy, Map<number, number[]>[]>();

  private durable(c: RegionCopy, partition: number): Map<number, number[]> {
    let cached = this.durableCache.get(c);
    if (cached === undefined) this.durableCache.set(c, (cached = []));
    return (cached[partition] ??= c.durableValues(partition));
  }
}
