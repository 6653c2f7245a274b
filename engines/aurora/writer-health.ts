// Which segments the writer can count on: a segment is alive once it answered since the last
// recovery (an acknowledgement, a recovery answer, a probe). A PG with fewer than `write_quorum`
// alive segments after a recovery refuses writes at once instead of stalling every commit behind
// it (the durable point advances in LSN order across PGs). Every `quorum_probe_interval` the
// writer probes the silent segments of such PGs; a repair that moves a segment to a new node
// counts too. When the last PG regains its write quorum, writes are restored (`recovered`).
// Leaves out: segments that answer but persist too slowly to help (they count as alive).

import { call } from '../../sim/rpc.ts';
import { COPIES } from './options.ts';
import { CONTROL_BYTES } from './redo.ts';
import type { SegmentView } from './segment.ts';
import type { StorageNode } from './storage-node.ts';
import type { Volume } from './volume.ts';
import type { Network } from '../../sim/network.ts';
import type { SimNode } from '../../sim/node.ts';
import type { DomainEvents } from '../../sim/domain-events.ts';
import type { AuroraOptions } from './options.ts';

export interface WriterHealthParts {
  opts: Pick<AuroraOptions, 'writeQuorum' | 'quorumProbeIntervalUs'>;
  network: Network;
  volume: Volume<StorageNode>;
  events: DomainEvents;
  /** The writer's node: probes go from it, on its clock. */
  node: SimNode;
}

/** What the health tracker reads of, and reports to, the writer it serves. */
export interface TrackedWriter {
  readonly state: string;
  /** Segment complete LSNs as last reported, by pg * 6 + slot. */
  readonly segScl: Float64Array;
  segmentReport(member: StorageNode, pg: number, scl: number): void;
}

export class WriterHealth {
  /** By pg * 6 + slot: answered since the last recovery. */
  readonly alive: Uint8Array;
  /** By pg: below the write quorum, refusing writes. */
  readonly degraded: Uint8Array;
  degradedCount = 0;
  private probeTimer = -1;

  constructor(
    private readonly parts: WriterHealthParts,
    private readonly w: TrackedWriter,
  ) {
    const pgs = parts.volume.pgs.length;
    this.alive = new Uint8Array(pgs * COPIES);
    this.degraded = new Uint8Array(pgs);
  }

  allAlive(): void {
    this.alive.fill(1);
    this.degraded.fill(0);
    this.degradedCount = 0;
  }

  private aliveIn(pg: number): number {
    let n = 0;
    for (let s = 0; s < COPIES; s++) n += this.alive[pg * COPIES + s];
    return n;
  }

  /** Sets alive and degraded from a recovery's answers. */
  afterRecovery(views: readonly (SegmentView | null)[]): void {
    views.forEach((v, i) => (this.alive[i] = v === null ? 0 : 1));
    this.degradedCount = 0;
    for (let pg = 0; pg < this.degraded.length; pg++) {
      this.degraded[pg] = this.aliveIn(pg) < this.parts.opts.writeQuorum ? 1 : 0;
      this.degradedCount += this.degraded[pg];
    }
    if (this.degradedCount > 0) this.armProbe();
  }

  /** A segment answered. */
  heard(pg: number, slot: number): void {
    const i = pg * COPIES + slot;
    if (this.alive[i] === 1) return;
    this.alive[i] = 1;
    if (this.degraded[pg] === 1 && this.aliveIn(pg) >= this.parts.opts.writeQuorum) this.restore(pg);
  }

  /** A repair moved a segment: the new copy counts once it reports. */
  segmentMoved(pg: number, slot: number, to: StorageNode, scl: number): void {
    this.alive[pg * COPIES + slot] = 0;
    this.w.segScl[pg * COPIES + slot] = 0;
    this.w.segmentReport(to, pg, scl);
  }

  private restore(pg: number): void {
    this.degraded[pg] = 0;
    this.degradedCount--;
    const { events, node } = this.parts;
    events('quorum-restored', node.name, `pg-${pg}: ${this.aliveIn(pg)} of ${COPIES} segments answer; its writes resume`);
    if (this.degradedCount === 0 && this.w.state === 'open') events('recovered', node.name, 'every PG has its write quorum again: writes resume');
  }

  private armProbe(): void {
    if (this.probeTimer < 0) this.probeTimer = this.parts.node.setTimer(this.parts.opts.quorumProbeIntervalUs, this.probe);
  }

  private readonly probe = (): void => {
    this.probeTimer = -1;
    if (this.w.state === 'stopped' || this.degradedCount === 0) return;
    const { volume, network } = this.parts;
    for (let pg = 0; pg < this.degraded.length; pg++) {
      if (this.degraded[pg] === 0) continue;
      volume.pgs[pg].members.forEach((m, slot) => {
        if (this.alive[pg * COPIES + slot] === 1) return;
        call<number, number>(network, this.parts.node, m.node, CONTROL_BYTES, m.onPing, pg, (scl) => {
          if (scl >= 0) this.w.segmentReport(m, pg, scl);
        });
      });
    }
    this.armProbe();
  };

  stop(): void {
    if (this.probeTimer >= 0 && this.parts.node.isUp) this.parts.node.cancelTimer(this.probeTimer);
    this.probeTimer = -1;
  }
}
