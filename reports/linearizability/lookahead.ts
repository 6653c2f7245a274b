// A cheap test that a state just reached can still satisfy the reads that must come soon.
// Models: kv appends only extend a string, so once the string stops being a prefix of what a
// pending get returned (and no put can intervene), no order of the remaining ops helps: the
// branch is dropped at once instead of after every order of the concurrent appends.
// Leaves out: registers (a write can restore any value, so nothing is ever out of reach), and
// gets beyond the next few (the check must stay cheap next to one search step).

import type { ModelInstance } from './compiled-key.ts';
import { HEAD, NIL } from './entry-list.ts';

/** Pending pure ops (gets) checked after each state change. */
const LOOKAHEAD = 16;
/** Pending resets (puts) tracked; beyond that the lookahead stays silent. */
export const MAX_RESETS = 8;

/**
 * After taking call node `node` into state `after`: each of the next pending pure ops, in
 * return order, must be reachable from `after` or from the state a pending reset invoked
 * before it would set. Sound: a get's return orders it before every op invoked later, so only
 * resets invoked before that return can come between. `scratch` holds MAX_RESETS states.
 */
export function lookaheadAllows(
  next: Int32Array,
  from: number,
  pure: Uint8Array,
  resets: Uint8Array,
  model: ModelInstance,
  node: number,
  after: number,
  scratch: Int32Array,
): boolean {
  const canReach = model.canReach!;
  let checked = 0;
  let pendingResets = 0;
  for (let e = next[HEAD]; e !== NIL && checked < LOOKAHEAD; e = next[e]) {
    if ((e & 1) === 1) {
      const op = from + ((e - 1) >>> 1);
      if (e === node || resets[op] === 0) continue;
      if (pendingResets === MAX_RESETS) return true; // too many to track: no verdict
      // A reset's result does not depend on the state it runs in.
      scratch[pendingResets++] = model.step(after, op);
      continue;
    }
    const op = from + ((e - 2) >>> 1);
    if (e === node + 1 || pure[op] === 0) continue;
    checked++;
    if (canReach(after, op)) continue;
    let reachable = false;
    for (let i = 0; i < pendingResets && !reachable; i++) reachable = scratch[i] >= 0 && canReach(scratch[i], op);
    if (!reachable) return false;
  }
  return true;
}
