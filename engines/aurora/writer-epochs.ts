// Which instance got writes acknowledged under each volume epoch, kept to check at run time that
// epochs fence as they should: two instances never both commit under one epoch (a recovery, or a
// promotion, always moves to an epoch no writer used before). A broken check is a simulator bug.
// Leaves out: anything a real cluster would keep; this is the simulator checking itself.

import { invariant } from '../../sim/invariant.ts';

export class WriterEpochs {
  private readonly owner = new Map<number, string>();

  /** `writer` is about to acknowledge a write under `epoch`. */
  claim(epoch: number, writer: string): void {
    const held = this.owner.get(epoch);
    // Invariant: one writer per volume epoch.
    if (!(held === undefined || held === writer)) invariant(false, `aurora: ${writer} acknowledged a write under epoch ${epoch}, which ${held} already committed under`);
    this.owner.set(epoch, writer);
  }
}
