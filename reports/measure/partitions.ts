// Behaviour on each side of a partition, from the history: the clients on each side (named in
// the partition's fault-start event), the availability of the operations they invoked while it
// lasted, and the anomalies seen in that time. The verdict (DESIGN.md section 5):
//   AP       every side with clients kept serving (availability >= 0.5): anomalies possible or seen;
//   CP       a side was refused (availability < 0.5) and no anomaly was seen;
//   neither  a side was refused and anomalies were seen too.
// Anomalies are acknowledged writes lost (acknowledged while the partition lasted), stale reads
// of `strong` reads invoked while it lasted, and a linearizability violation that overlaps it.
// Stale `eventual` reads are what eventual consistency promises, so they are not anomalies here.
// With clients on fewer than two sides, there is no verdict (the availability is still reported).

import type { SimEvent } from '../../sim/event-log.ts';

export type CapVerdict = 'CP' | 'AP' | 'neither';

/** A side serves when at least this share of its clients' operations succeeded. */
export const SERVED_THRESHOLD = 0.5;

export interface PartitionRecord {
  fault: number;
  startUs: number;
  endUs: number | null;
  /** Per side: operations invoked by its clients while the partition lasted, and how many were ok. */
  invoked: number[];
  ok: number[];
  staleStrongReads: number;
  lostWrites: number;
  linearizabilityViolation: boolean;
}

export class Partitions {
  readonly records: PartitionRecord[] = [];
  /** For each open partition, client name -> side index. */
  private sideOf = new Map<number, Map<string, number>>();

  event(e: SimEvent): void {
    if (e.kind === 'fault-start' && e.sides !== undefined && e.fault !== undefined) {
      const map = new Map<string, number>();
      e.sides.forEach((names, i) => names.forEach((n) => map.set(n, i)));
      this.sideOf.set(this.records.length, map);
      this.records.push({ fault: e.fault, startUs: e.timeUs, endUs: null, invoked: e.sides.map(() => 0), ok: e.sides.map(() => 0), staleStrongReads: 0, lostWrites: 0, linearizabilityViolation: false });
    } else if (e.kind === 'fault-end' && e.fault !== undefined) {
      const r = this.records.find((x) => x.fault === e.fault && x.endUs === null);
      if (r !== undefined) r.endUs = e.timeUs;
    }
  }

  private within(r: PartitionRecord, t: number, endUs: number): boolean {
    return t >= r.startUs && t < (r.endUs ?? endUs);
  }

  /** An operation finished: count it on its client's side of every partition it was invoked in. */
  completed(client: string, invokeUs: number, ok: boolean, workloadEndUs: number): void {
    for (let i = 0; i < this.records.length; i++) {
      const r = this.records[i];
      if (!this.within(r, invokeUs, workloadEndUs)) continue;
      const side = this.sideOf.get(i)!.get(client);
      if (side === undefined) continue;
      r.invoked[side]++;
      if (ok) r.ok[side]++;
    }
  }

  staleStrongRead(invokeUs: number, workloadEndUs: number): void {
    for (const r of this.records) if (this.within(r, invokeUs, workloadEndUs)) r.staleStrongReads++;
  }

  lostWrite(ackUs: number, workloadEndUs: number): void {
    for (const r of this.records) if (this.within(r, ackUs, workloadEndUs)) r.lostWrites++;
  }

  violation(fromUs: number, toUs: number, workloadEndUs: number): void {
    for (const r of this.records) if (fromUs < (r.endUs ?? workloadEndUs) && toUs >= r.startUs) r.linearizabilityViolation = true;
  }
}

export function availabilityBySide(r: PartitionRecord): (number | null)[] {
  return r.invoked.map((n, i) => (n === 0 ? null : r.ok[i] / n));
}

export function verdict(r: PartitionRecord): CapVerdict | null {
  const avail = availabilityBySide(r).filter((a): a is number => a !== null);
  if (avail.length < 2) return null;
  const anomalies = r.staleStrongReads > 0 || r.lostWrites > 0 || r.linearizabilityViolation;
  if (avail.every((a) => a >= SERVED_THRESHOLD)) return 'AP';
  return anomalies ? 'neither' : 'CP';
}

/** The run's single figure: the partitions' verdict, the most severe when they differ. */
export function overallVerdict(records: readonly PartitionRecord[]): CapVerdict | null {
  const vs = records.map(verdict).filter((v): v is CapVerdict => v !== null);
  if (vs.length === 0) return null;
  for (const v of ['neither', 'AP', 'CP'] as const) if (vs.includes(v)) return v;
  return null;
}
