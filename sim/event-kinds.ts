// Every kind of event the event log carries, declared once with what the reports read of it: its
// category (a lane of a design review: faults, detection, election, promotion, DNS, ...) and
// whether the fault timeline credits it as a fault's detection or as the restoration of writes.
// The emitters take an EventKind, so a kind not declared here does not compile.
// Leaves out: the free text of each event (the emitter's), and its node and domain.

export type EventCategory = 'fault' | 'detection' | 'election' | 'promotion' | 'recovery' | 'dns' | 'replication' | 'storage' | 'operator' | 'request' | 'safety';

export interface EventKindInfo {
  readonly category: EventCategory;
  /**
   * How the fault timeline credits it: `detection` starts a fault's detection_s, `restoration`
   * (an event that restores writes) its failover_s.
   */
  readonly credit?: 'detection' | 'restoration';
}

export const EVENT_KINDS = {
  // The fault schedule's own: their windows shade the charts.
  'fault-start': { category: 'fault' },
  'fault-end': { category: 'fault' },
  // Noticing a failure.
  'failure-detected': { category: 'detection', credit: 'detection' },
  'leader-suspected': { category: 'detection' },
  'cluster-down': { category: 'detection' },
  'quorum-lost': { category: 'detection' },
  'segment-lost': { category: 'detection' },
  'volume-unavailable': { category: 'detection' },
  // Choosing a successor.
  'election-scheduled': { category: 'election' },
  'election-rescheduled': { category: 'election' },
  'election-started': { category: 'election' },
  'election-failed': { category: 'election' },
  'election-abandoned': { category: 'election' },
  'failover-ineligible': { category: 'election' },
  elected: { category: 'election' },
  // A successor takes over (or the failover cannot).
  'failover-started': { category: 'promotion' },
  'failover-impossible': { category: 'promotion' },
  'failover-refused': { category: 'promotion' },
  'failover-interrupted': { category: 'promotion' },
  promoted: { category: 'promotion', credit: 'restoration' },
  leader: { category: 'promotion', credit: 'restoration' },
  demoted: { category: 'promotion' },
  deposed: { category: 'promotion' },
  'stepped-down': { category: 'promotion' },
  resigned: { category: 'promotion' },
  // A global database's planned switchover stopped the primary's writes (they resume at the promotion).
  'writes-stopped': { category: 'promotion' },
  // Writes and members come back.
  recovered: { category: 'recovery', credit: 'restoration' },
  'volume-recovered': { category: 'recovery' },
  'replica-recovered': { category: 'recovery' },
  'quorum-restored': { category: 'recovery' },
  'cluster-ok': { category: 'recovery' },
  rejoined: { category: 'recovery' },
  'host-replaced': { category: 'recovery' },
  'instance-replaced': { category: 'recovery' },
  // Clients are pointed elsewhere.
  'dns-updated': { category: 'dns' },
  // A proxy (db-proxy.ts) found a writer to forward to, or dropped the one it had.
  'proxy-writer': { category: 'dns' },
  'proxy-failover': { category: 'detection' },
  // Replication changes mode or resynchronises.
  'replication-synchronous': { category: 'replication' },
  'replication-asynchronous': { category: 'replication' },
  'flow-control-on': { category: 'replication' },
  'flow-control-off': { category: 'replication' },
  'partial-sync': { category: 'replication' },
  'full-sync': { category: 'replication' },
  // A global database's secondary holds every committed record (a switchover may promote it).
  'secondary-synced': { category: 'replication' },
  // DynamoDB global tables: a replicated write lost to a later one (last writer wins), and a
  // region's replication paused and resumed (pause-replication, once it takes effect).
  'global-write-discarded': { category: 'replication' },
  'replication-paused': { category: 'replication' },
  'replication-resumed': { category: 'replication' },
  // Storage repairs (Aurora's segments).
  'repair-started': { category: 'storage' },
  repaired: { category: 'storage' },
  'repair-impossible': { category: 'storage' },
  // A DynamoDB partition split for heat (its key range cut in two, each with its own limits).
  'partition-split': { category: 'storage' },
  // An operator's request.
  'manual-failover': { category: 'operator' },
  'manual-failover-aborted': { category: 'operator' },
  reboot: { category: 'operator' },
  // A request refused at the front door (a signature outside SigV4's window).
  'signature-expired': { category: 'request' },
  'signature-not-yet-current': { category: 'request' },
  // A safety property broken (a clock fault beyond the lease margin).
  'lease-overlap': { category: 'safety' },
} as const satisfies Record<string, EventKindInfo>;

export type EventKind = keyof typeof EVENT_KINDS;

/** Each kind's metadata, every field readable (the literal table above types each entry apart). */
export const EVENT_KIND_INFO: Readonly<Record<EventKind, EventKindInfo>> = EVENT_KINDS;

/** What the reports know of a kind read back from events.csv; undefined for a name not declared. */
export function eventKindInfo(name: string): EventKindInfo | undefined {
  return Object.hasOwn(EVENT_KIND_INFO, name) ? EVENT_KIND_INFO[name as EventKind] : undefined;
}
