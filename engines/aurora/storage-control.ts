// The storage control plane (REFERENCE-FIGURES.md A4, A6): health checks every storage node; a
// node declared failed has lost its segments (`segment-lost`, one per PG it held). If it is still
// failed `storage_replace_after` later, it is replaced: each of its segments is re-replicated
// from a healthy peer of its PG (the one sending the fewest copies, so a node's segments come from
// several peers) to another healthy node of the same AZ that holds no copy of that PG. The copies
// of one node run at once and share the storage nodes' repair links (repair-transfer.ts): one
// 10 GB segment alone at 10 Gbit/s takes about 8.6 s; a node whose segments all go to two targets
// takes half their number times that. Only when a copy has arrived does the volume's membership
// move to it (it then catches up by gossip). A copy that loses an end (a crash) starts over after
// `storage_timeout`, from another peer or to another target. With no eligible node in the AZ (the
// whole AZ is down) the repair is impossible.
// Leaves out: heat management (moving hot segments), resuming a broken copy where it stopped,
// and a partition between a copy's ends (noticed only when its final catch-up goes unanswered).

import { call } from '../../sim/rpc.ts';
import type { SimNode } from '../../sim/node.ts';
import { COPIES } from './options.ts';
import { CONTROL_BYTES, batchBytes } from './redo.ts';
import { HealthChecker } from '../../sim/health-checker.ts';
import type { Network } from '../../sim/network.ts';
import type { Rng } from '../../sim/rng.ts';
import type { DomainEvents } from '../../sim/domain-events.ts';
import { Segment } from './segment.ts';
import { Volume } from './volume.ts';
import { RepairLinks, type RepairCopy } from './repair-transfer.ts';
import type { StorageNode } from './storage-node.ts';
import type { AuroraOptions } from './options.ts';

export interface StorageControlParts {
  opts: Pick<
    AuroraOptions,
    'storageHealthCheckIntervalUs' | 'storageHealthCheckTimeoutUs' | 'storageHealthCheckFailures' | 'storageReplaceAfterUs' | 'repairBitsPerS' | 'segmentSizeBytes' | 'storageTimeoutUs'
  >;
  /** The control plane's host (probes and copies are ordered from it). */
  node: SimNode;
  /** The health checks' phases. */
  rng: Rng;
  network: Network;
  /** True time (the repair links' progress is measured in it). */
  now: () => number;
  events: DomainEvents;
  volume: Volume<StorageNode>;
  storage: readonly StorageNode[];
  /** A repair moved a segment: the writer's bookkeeping follows it. */
  segmentMoved(pg: number, slot: number, to: StorageNode, scl: number): void;
}

export class StorageControl {
  readonly health: HealthChecker<StorageNode, number>;
  readonly node: SimNode;
  private readonly replaced = new Set<StorageNode>();
  /** Copies under way to each node (so one node's segments spread over the AZ). */
  private readonly incoming = new Map<StorageNode, number>();
  /** Per PG, the nodes a copy of it is under way to. */
  private readonly copyingTo = new Map<number, Set<StorageNode>>();

  /** The storage nodes' repair links the copies share. */
  readonly links: RepairLinks<StorageNode>;
  /** What to do when a copy under way loses an end (restart it elsewhere). */
  private readonly broken = new Map<RepairCopy<StorageNode>, () => void>();

  private readonly emit: DomainEvents;

  constructor(private readonly parts: StorageControlParts) {
    const o = parts.opts;
    this.node = parts.node;
    this.emit = parts.events;
    this.health = new HealthChecker<StorageNode, number>(
      parts.network,
      parts.node,
      parts.rng,
      { intervalUs: o.storageHealthCheckIntervalUs, timeoutUs: o.storageHealthCheckTimeoutUs, failures: o.storageHealthCheckFailures, probeBytes: CONTROL_BYTES },
      { failed: (s, n) => this.failed(s, n), healthy: (s) => this.healthy(s) },
      (scl) => scl >= 0,
    );
    for (const s of parts.storage) this.health.watch(s, s.node, s.onPing);
    this.links = new RepairLinks<StorageNode>(
      { now: parts.now, setTimer: (us, fn) => this.node.setTimer(us, fn), cancelTimer: (id) => this.node.cancelTimer(id) },
      o.repairBitsPerS,
    );
    for (const s of parts.storage) s.onCrashed(() => this.endCrashed(s));
  }

  private segmentsOf(s: StorageNode): [number, number][] {
    const out: [number, number][] = [];
    for (const pg of this.parts.volume.pgs) {
      const slot = pg.slotOf(s);
      if (slot >= 0) out.push([pg.index, slot]);
    }
    return out;
  }

  private usable(s: StorageNode): boolean {
    return s.node.isUp && !this.health.isFailed(s) && !this.replaced.has(s);
  }

  private failed(s: StorageNode, failures: number): void {
    this.emit('failure-detected', s.name, `${failures} health checks failed (storage node)`);
    for (const [pg, slot] of this.segmentsOf(s)) {
      const left = this.parts.volume.pgs[pg].members.filter((m) => m !== s && this.usable(m)).length;
      this.emit('segment-lost', s.name, `pg-${pg} segment ${slot}: ${left} of ${COPIES} copies left`);
    }
    this.node.setTimer(this.parts.opts.storageReplaceAfterUs, () => {
      if (this.health.isFailed(s) && !this.replaced.has(s)) this.replace(s);
    });
  }

  private healthy(s: StorageNode): void {
    this.replaced.delete(s);
  }

  private replace(s: StorageNode): void {
    this.replaced.add(s);
    const impossible: number[] = [];
    for (const [pg, slot] of this.segmentsOf(s)) if (!this.repair(pg, slot, s)) impossible.push(pg);
    if (impossible.length > 0) {
      this.emit('repair-impossible', s.name, `${impossible.length} segments (pg-${impossible.join(' pg-')}): no healthy node of ${s.node.az} without a copy of their PG, or no healthy peer to copy from`);
    }
  }

  /** Starts re-replicating one segment; false when there is nowhere to put it or nothing to copy. */
  private repair(pg: number, slot: number, old: StorageNode): boolean {
    const { volume, opts } = this.parts;
    const members = volume.pgs[pg].members;
    if (members[slot] !== old) return true; // already moved
    const az = volume.nodesByAz[Volume.azOfSlot(slot)];
    const load = (n: StorageNode) => n.segments.size + (this.incoming.get(n) ?? 0);
    // Invariant: a PG's six segments stay on six nodes. Two of its segments lost in one AZ are
    // repaired at once, so a node already receiving a copy of this PG is no target either.
    const copying = this.copyingTo.get(pg);
    const targets = az.filter((n) => this.usable(n) && !members.includes(n) && !(copying?.has(n) ?? false)).sort((a, b) => load(a) - load(b));
    // Copies spread over the PG's live peers: the one sending the fewest copies, then one in the
    // lost segment's AZ (no traffic between AZs), then volume order.
    const sameAz = (m: StorageNode) => (m.node.az === old.node.az ? 0 : 1);
    const sources = members.filter((m) => m !== old && this.usable(m)).sort((a, b) => this.links.outOf(a) - this.links.outOf(b) || sameAz(a) - sameAz(b));
    if (targets.length === 0 || sources.length === 0) return false;
    const target = targets[0];
    const source = sources[0];
    this.incoming.set(target, (this.incoming.get(target) ?? 0) + 1);
    if (!this.copyingTo.has(pg)) this.copyingTo.set(pg, new Set());
    this.copyingTo.get(pg)!.add(target);
    const done = () => {
      this.incoming.set(target, this.incoming.get(target)! - 1);
      this.copyingTo.get(pg)!.delete(target);
    };
    // The copy streams `segment_size` bytes at its fair share of both ends' repair links; what
    // the source holds when the last byte arrives is what the new segment starts from.
    const copy = this.links.start(source, target, opts.segmentSizeBytes * 8, () => {
      this.broken.delete(copy);
      if (!target.node.isUp) {
        done();
        return this.retry(pg, slot, old);
      }
      let answered = false;
      call<number, Segment | null>(this.parts.network, target.node, source.node, CONTROL_BYTES, (c) => c.respond(this.copyBytes(source, pg), this.snapshot(source, pg)), pg, (seg) => {
        if (answered) return;
        answered = true;
        done();
        if (seg === null) return this.retry(pg, slot, old);
        this.finish(pg, slot, old, target, seg);
      });
      this.node.setTimer(opts.storageTimeoutUs, () => {
        if (answered) return;
        answered = true;
        done();
        this.retry(pg, slot, old);
      });
    });
    // A crashed end stops the stream; the other end gives up after `storage_timeout` of silence
    // and the copy starts over, from another peer or to another target.
    this.broken.set(copy, () => {
      done();
      this.retry(pg, slot, old);
    });
    const gb = (opts.segmentSizeBytes / 1024 ** 3).toFixed(1);
    this.emit('repair-started', target.name, `pg-${pg} segment ${slot} of ${old.name}: copying ${gb} GB from ${source.name} (copies under way: ${this.links.outOf(source)} from it, ${this.links.into(target)} into ${target.name})`);
    return true;
  }

  /** A storage node crashed: every copy in or out of it stops, and starts over once noticed (a new `repair-started`). */
  private endCrashed(s: StorageNode): void {
    for (const copy of this.links.touching(s)) {
      this.links.drop(copy);
      const restart = this.broken.get(copy)!;
      this.broken.delete(copy);
      this.node.setTimer(this.parts.opts.storageTimeoutUs, restart);
    }
  }

  /** The source's segment as of now, after its pending truncations. */
  private snapshot(source: StorageNode, pg: number): Segment | null {
    const seg = source.segments.get(pg);
    if (seg === undefined || this.parts.volume.pgs[pg].slotOf(source) < 0) return null;
    const truncations = this.parts.volume.truncations;
    while (seg.truncationsSeen < truncations.length) seg.applyTruncation(truncations[seg.truncationsSeen]);
    return seg;
  }

  private copyBytes(source: StorageNode, pg: number): number {
    const seg = source.segments.get(pg);
    return seg === undefined ? CONTROL_BYTES : batchBytes(seg.catchUpFrom(0).records);
  }

  private retry(pg: number, slot: number, old: StorageNode): void {
    if (!this.replaced.has(old)) return;
    if (!this.repair(pg, slot, old)) this.emit('repair-impossible', old.name, `pg-${pg} segment ${slot}: no healthy peer or target left`);
  }

  private finish(pg: number, slot: number, old: StorageNode, target: StorageNode, from: Segment): void {
    const { volume } = this.parts;
    if (volume.pgs[pg].members[slot] !== old || !target.node.isUp) return;
    const seg = target.adopt(pg, from);
    volume.moveSegment(pg, slot, target);
    this.emit('repaired', target.name, `pg-${pg} segment ${slot} now on ${target.name} (was ${old.name}), complete through LSN ${seg.scl}`);
    this.parts.segmentMoved(pg, slot, target, seg.scl);
  }
}
