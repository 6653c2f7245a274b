// Simulated time: an integer number of microseconds since the start of a run.
// Models: the unit and its conversions. Leaves out: calendars and wall time, which the simulator never reads.

/** Microseconds in one millisecond, one second, one minute. */
export const US_PER_MS = 1_000;
export const US_PER_S = 1_000_000;
export const US_PER_MIN = 60_000_000;

/** Milliseconds and seconds as floating-point figures for reports. */
export function usToMs(us: number): number {
  return us / US_PER_MS;
}
export function usToS(us: number): number {
  return us / US_PER_S;
}

/** Rounds a real-valued duration to whole microseconds, never below zero. */
export function wholeUs(us: number): number {
  return us <= 0 ? 0 : Math.round(us);
}
