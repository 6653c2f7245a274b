// What a writer's replication stream (writer-stream.ts) knows of one follower: its replication
// mode, how far it said it persisted and applied (and how fast it applies, for flow control),
// what was shipped to it, when it was last heard, and whether it counts in the commit rule.
// Types only.

import type { DbInstance } from './instance.ts';
import type { ReplicationMode } from './control-messages.ts';

export interface FollowerLink {
  readonly inst: DbInstance;
  readonly mode: ReplicationMode;
  /** Highest LSN the follower said it persisted. */
  acked: number;
  /** Highest LSN the follower said it applied (semi-sync readers report it with each acknowledgement). */
  applied: number;
  /** `applied` at the last flow-control check (its rate of progress). */
  appliedAtTick: number;
  /** Its apply rate, smoothed over ticks (records per second; -1 before the first tick). */
  applyPerS: number;
  /** When an acknowledgement last said how far it applied. */
  appliedHeardUs: number;
  /** Highest LSN shipped to it. */
  sent: number;
  lastAckUs: number;
  /** Counts in the commit rule (sync and semi-sync only): caught up and not timed out. */
  inSync: boolean;
  /** The attach is not answered yet: nothing is shipped to it (lastAckUs: when it was last sent). */
  attaching: boolean;
}
