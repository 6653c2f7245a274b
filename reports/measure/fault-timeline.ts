// Per-fault figures from the event log: when each fault started and ended, how long until the
// engine first reported detecting a failure (`detection_s`) and until its first event that
// restores writes (`failover_s`: promoted, leader or recovered; sim/event-kinds.ts says which
// kinds count), and the longest write outage that overlapped it. An event is credited to the faults active when it happened, and to the
// most recently started one even if that already ended (a crash healed at 20 s whose failover
// completes at 70 s); restoration is credited only after a detection (or for operator failovers).
// An operator failover and a restart without `for` are instantaneous (the simulator sends them
// no fault-end): each counts as active until the recovery it started completes, and its
// restoration is credited without a detection (nothing had to notice a failure).

import type { SimEvent } from '../../sim/event-log.ts';
import { EVENT_KIND_INFO } from '../../sim/event-kinds.ts';
import { faultKindNamed } from '../../sim/faults/registry.ts';
import type { OutageSpan } from './write-outage.ts';

export interface FaultRecord {
  index: number;
  detail: string;
  kind: string;
  startUs: number;
  endUs: number | null;
  detectionUs: number | null;
  failoverUs: number | null;
  longestOutageUs: number | null;
  /** The failure domain (shard, partition, `db`) of that longest outage, when there was one. */
  longestOutageDomain?: string;
  /** Reads invoked while the fault lasted that were stale. */
  staleReads: number;
  /** Acknowledged writes lost that were acknowledged while it lasted (or, if none was active, before it started). */
  lostWrites: number;
  /** Invocation of the earliest and acknowledgement of the latest of those lost writes. */
  lostFromUs: number | null;
  lostToUs: number | null;
}

/**
 * When a fault stops being active, or null while it is. An instantaneous fault (an operator
 * failover) never gets a fault-end, so it ends when its recovery does: otherwise a crash 90 s
 * later would have its detection, outage, stale reads and lost writes credited to it too.
 */
export function endOf(f: FaultRecord): number | null {
  if (f.endUs !== null) return f.endUs;
  return instantaneous(f) && f.failoverUs !== null ? f.startUs + f.failoverUs : null;
}

/** A fault the simulator applies at once and never ends (its kind's rule: sim/faults/). */
function instantaneous(f: FaultRecord): boolean {
  const rule = faultKindNamed(f.kind)?.instantaneous;
  return rule === 'always' || (rule === 'while-open' && f.endUs === null);
}

export class FaultTimeline {
  readonly faults: FaultRecord[] = [];

  event(e: SimEvent): void {
    if (e.kind === 'fault-start' && e.fault !== undefined) {
      const kind = (e.detail ?? '').split(' ')[0];
      this.faults.push({
        index: e.fault,
        detail: e.detail ?? '',
        kind,
        startUs: e.timeUs,
        endUs: null,
        detectionUs: null,
        failoverUs: null,
        longestOutageUs: null,
        staleReads: 0,
        lostWrites: 0,
        lostFromUs: null,
        lostToUs: null,
      });
      return;
    }
    if (e.kind === 'fault-end' && e.fault !== undefined) {
      const f = this.faults.find((x) => x.index === e.fault && x.endUs === null);
      if (f !== undefined) f.endUs = e.timeUs;
      return;
    }
    // Which events count as detection or as restoring writes is each kind's declaration (sim/event-kinds.ts).
    const credit = EVENT_KIND_INFO[e.kind].credit;
    if (credit === undefined) return;
    const detection = credit === 'detection';
    for (const f of this.credited(e.timeUs)) {
      if (detection && f.detectionUs === null) f.detectionUs = e.timeUs - f.startUs;
      if (!detection && f.failoverUs === null && (f.detectionUs !== null || instantaneous(f))) f.failoverUs = e.timeUs - f.startUs;
    }
  }

  /** Faults an event at `t` is credited to. */
  private credited(t: number): FaultRecord[] {
    let latest: FaultRecord | null = null;
    for (const f of this.faults) if (f.startUs <= t && (latest === null || f.startUs >= latest.startUs)) latest = f;
    return this.faults.filter((f) => f === latest || (f.startUs <= t && (endOf(f) ?? Infinity) >= t));
  }

  /** A finished write outage: credit it to the faults whose time it overlapped. */
  outage(span: OutageSpan, workloadEndUs: number): void {
    const len = span.endUs - span.startUs;
    for (const f of this.faults) {
      const end = endOf(f) ?? workloadEndUs;
      if (span.endUs < f.startUs || span.startUs > end) continue;
      if (f.longestOutageUs === null || len > f.longestOutageUs) {
        f.longestOutageUs = len;
        f.longestOutageDomain = span.domain;
      }
    }
  }

  /** A stale read invoked at `t`: counted for every fault active then. */
  staleRead(t: number, workloadEndUs: number): void {
    for (const f of this.faults) if (t >= f.startUs && t < (endOf(f) ?? workloadEndUs)) f.staleReads++;
  }

  /**
   * A lost write: credited to the faults active when it was acknowledged, or else to the first
   * fault that started after it (whose failover discarded it, as a promotion of a lagging replica
   * does), or, with no fault after it, to the last one before it (its failover ended after it had
   * healed: a paused primary that resumes takes writes until it learns it was replaced).
   */
  lostWrite(invokeUs: number, ackUs: number, workloadEndUs: number): void {
    let credited = this.faults.filter((f) => ackUs >= f.startUs && ackUs < (endOf(f) ?? workloadEndUs));
    if (credited.length === 0) {
      const next = this.faults.filter((f) => f.startUs > ackUs).sort((a, b) => a.startUs - b.startUs)[0];
      const last = this.faults.filter((f) => f.startUs <= ackUs).sort((a, b) => b.startUs - a.startUs)[0];
      const f = next ?? last;
      credited = f === undefined ? [] : [f];
    }
    for (const f of credited) {
      f.lostWrites++;
      f.lostFromUs = f.lostFromUs === null ? invokeUs : Math.min(f.lostFromUs, invokeUs);
      f.lostToUs = f.lostToUs === null ? ackUs : Math.max(f.lostToUs, ackUs);
    }
  }

  /** The worst fault: the longest failover (then detection), or null when no fault had one. */
  worst(): FaultRecord | null {
    let w: FaultRecord | null = null;
    for (const f of this.faults) {
      const key = f.failoverUs ?? -1;
      const wkey = w?.failoverUs ?? -1;
      if (f.detectionUs === null && f.failoverUs === null) continue;
      if (w === null || key > wkey || (key === wkey && (f.detectionUs ?? -1) > (w.detectionUs ?? -1))) w = f;
    }
    return w;
  }
}
