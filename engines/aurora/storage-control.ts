// The storage control plane (REFERENCE-FIGURES.md A4, A6): health checks every storage node; a
// node declared failed has lost its segments (`segment-lost`, one per PG it held). If it is still
// failed `storage_replace_after` later, it is replaced: each of its segments is re-replicated
// from a healthy peer of its PG to another healthy node of the same AZ that holds no copy of that
// PG, at `repair_bandwidth` (a 10 GB segment at 10 Gbit/s takes about 8.6 s of copying), and the
// volume's membership moves to the new copy, which then catches up by gossip. Repairs of one node
// run in parallel. With no eligible node in the AZ (the whole AZ is down) the repair is impossible.
// Leaves out: heat management (moving hot segments) and the bandwidth the copies share.

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
    const sources = members.filter((m) => m !== old && this.usable(m)).sort((a, b) => (a.node.az === old.node.az ? 0 : 1) - (b.node.az === old.node.az ? 0 : 1));
    if (targets.length === 0 || sources.length === 0) return false;
    const target = targets[0];
    const source = sources[0];
    const copyUs = Math.round(((opts.segmentSizeBytes * 8) / opts.repairBitsPerS) * 1e6);
    this.incoming.set(target, (this.incoming.get(target) ?? 0) + 1);
    if (!this.copyingTo.has(pg)) this.copyingTo.set(pg, new Set());
    this.copyingTo.get(pg)!.add(target);
    this.emit('repair-started', target.name, `pg-${pg} segment ${slot} of ${old.name}: copying ${(opts.segmentSizeBytes / 1024 ** 3).toFixed(1)} GB from ${source.name} (${(copyUs / 1e6).toFixed(1)} s)`);
    // The copy streams for size / bandwidth; what the source holds when it ends is what arrives.
    this.node.setTimer(copyUs, () => {
      this.incoming.set(target, this.incoming.get(target)! - 1);
      const done = () => this.copyingTo.get(pg)!.delete(target);
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
    return true;
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
