// What an Aurora instance's messages say of it: its role and status at the moment it sent them.
// A replica's join requests and read-point feedback carry this news of their sender, and the
// control plane's promotion and recovery commands carry its own view of the other instances; the
// receiver keeps what arrived (replica-roster.ts), never the sender's live fields.
// Leaves out: anything else an instance could say of itself (its lag, its size).

import type { FeedTarget } from './replica-feed.ts';

export type InstanceRole = 'writer' | 'replica';
export type InstanceStatus = 'available' | 'starting' | 'down';

/** One instance as a message describes it: where it runs, and its role and status when the message left. */
export interface PeerNews {
  readonly target: FeedTarget;
  readonly role: InstanceRole;
  readonly status: InstanceStatus;
}

/** A replica's read point, reported to the writer, with the news of its sender. */
export interface ReadPointFeedback extends PeerNews {
  readonly readPoint: number;
}
