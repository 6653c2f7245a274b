// How far a long run's heap may grow past what it keeps alive before V8 collects it in full.
// V8 lets the old generation grow to several times the live objects between full collections
// (its growing factor, up to 4), and gives the headroom back only through its memory reducer,
// which runs when a thread is idle: the simulation thread never is (a run never yields). So a long
// run's resident size climbs with that headroom rather than with what it keeps: measured on the
// 2,000 ops/s soak, 131 MB alive at 1 hour and 137 MB at 2 hours, yet an old generation of about
// 500 MB and a peak of 848 MB at 1 hour, 1,048 MB at 6 hours; capped, 599 MB and 630 MB. A run of at least LONG_RUN_OPERATIONS operations caps the factor at 1.5, trading some
// collector CPU for memory; a shorter run keeps V8's defaults (it ends before headroom matters).
// The setting is the process's (V8 flags are), so it is made before the run's thread starts.
// Leaves out: the sweep's workers (each runs short seeds; a long sweep seed keeps the defaults).

import v8 from 'node:v8';

/** From this many operations (about 40 minutes at 2,000 ops/s) a run counts as long. */
export const LONG_RUN_OPERATIONS = 5e6;
/** The growing factor of a long run is 1 + this / 100. */
export const LONG_RUN_HEAP_GROWING_PERCENT = 50;

/** The V8 flag a run of `operations` operations needs (null: V8's defaults). */
export function headroomFlagFor(operations: number): string | null {
  return operations >= LONG_RUN_OPERATIONS ? `--heap-growing-percent=${LONG_RUN_HEAP_GROWING_PERCENT}` : null;
}

/** Caps V8's heap growing factor when the run is long; says whether it did. */
export function limitHeadroomFor(operations: number): boolean {
  const flag = headroomFlagFor(operations);
  if (flag !== null) v8.setFlagsFromString(flag);
  return flag !== null;
}
