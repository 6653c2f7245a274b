// When writes came back for every client after a fault: the measured RTO a resiliency policy is
// judged on. Each client's writes are taken in invocation order, as write-outage.ts takes a
// domain's; a client's outage runs from its first failing (failed or timed-out) write to the
// invocation of its next write that succeeded. A fault's recovery time is the latest end of the
// client outages that overlap the time the fault was active, minus the fault's start: from then
// on every client that had lost its writes had them again. A client none of whose writes failed
// adds nothing (0 when no client was hurt). An outage still open when the workload ends means
// writes were never restored: the fault's recovery is then unknown (null).
// Leaves out: reads (a policy's RTO here is about taking writes), and clients a fault stops
// from taking work (an AZ outage's own clients: the caller leaves them out).

import { WriteOutages, type OutageSpan } from './write-outage.ts';

interface ClientSpan extends OutageSpan {
  /** Still open when the workload ended. */
  open: boolean;
}

export interface Recovery {
  /** From the fault's start to the moment the last hurt client wrote again; null when one never did. */
  rtoUs: number | null;
}

export class WriteRecovery {
  private readonly spans: ClientSpan[] = [];
  /** The workload's end once finish() began: an outage closed there was never restored. */
  private endUs = Infinity;
  private readonly outages = new WriteOutages((s) => this.spans.push({ ...s, open: s.endUs >= this.endUs }));

  /** A write of client `client` invoked at `invokeUs`; the handle is passed back on completion. */
  invoked(client: number, invokeUs: number): ReturnType<WriteOutages['invoked']> {
    return this.outages.invoked(String(client), invokeUs);
  }

  completed(client: number, handle: ReturnType<WriteOutages['invoked']>, ok: boolean): void {
    this.outages.completed(String(client), handle, ok);
  }

  /** The workload ended: outages still open are closed there, marked as never restored. */
  finish(endUs: number): void {
    // No write is invoked at or after the end, so only an outage closed at the end itself is open.
    this.endUs = endUs;
    this.outages.finish(endUs);
  }

  /**
   * Recovery for a fault that started at `startUs` and was active until `activeEndUs`, over the
   * clients `counts` accepts (by client index).
   */
  recovery(startUs: number, activeEndUs: number, counts: (client: number) => boolean = () => true): Recovery {
    let latest = startUs;
    for (const s of this.spans) {
      if (s.endUs < startUs || s.startUs > activeEndUs || !counts(Number(s.domain))) continue;
      if (s.open) return { rtoUs: null };
      latest = Math.max(latest, s.endUs);
    }
    return { rtoUs: latest - startUs };
  }
}
