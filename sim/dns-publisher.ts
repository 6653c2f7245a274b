// The control plane's step that points a database's two DNS names at its topology: the writer
// name at the writer, the reader name at the readers (or at the writer when there is none), each
// record with the same TTL. An update is published after a propagation delay the caller draws, on
// the control plane's own clock, and announced as a `dns-updated` event; the records are read
// from the topology when the update lands, not when it was scheduled.
// Leaves out: per-record propagation (both names change together) and weighted records.

import type { DnsZone } from './dns.ts';
import type { SimNode } from './node.ts';
import type { DomainEvents } from './domain-events.ts';

export interface DnsNames {
  writer: string;
  reader: string;
}

/** The topology as the control plane sees it when an update lands. */
export interface DnsTopology {
  writer(): SimNode | null;
  readers(): SimNode[];
  /** The event's text for the writer and reader targets just published. */
  describe(writer: SimNode | null, readers: readonly SimNode[]): string;
}

export class DnsPublisher {
  constructor(
    private readonly zone: DnsZone,
    /** The control plane's node: updates wait on its clock. */
    private readonly node: SimNode,
    private readonly names: DnsNames,
    private readonly ttlUs: number,
    private readonly topology: DnsTopology,
    private readonly events: DomainEvents,
  ) {}

  /**
   * Publishes the topology after `delayUs` (at once when 0); announced by default when delayed.
   * `from`: the control-plane host that makes the change, when not the publisher's own (a
   * promotion another region's host ran); the wait runs on its clock.
   */
  publish(delayUs: number, announce = delayUs > 0, from: SimNode = this.node): void {
    if (delayUs === 0) this.apply(announce);
    else from.setTimer(delayUs, announce ? this.applyAnnounced : this.applyQuiet);
  }

  private readonly applyAnnounced = (): void => this.apply(true);
  private readonly applyQuiet = (): void => this.apply(false);

  private apply(announce: boolean): void {
    const w = this.topology.writer();
    if (w !== null) this.zone.set(this.names.writer, [w], this.ttlUs);
    const readers = this.topology.readers();
    const targets = readers.length > 0 ? readers : w !== null ? [w] : [];
    this.zone.set(this.names.reader, targets, this.ttlUs);
    if (announce) this.events('dns-updated', w?.name, this.topology.describe(w, targets));
  }
}
