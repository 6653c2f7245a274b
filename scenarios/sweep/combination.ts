// One parameter combination of `--set` flags: a value for each of some engine options, as the
// user wrote them (`engine.dns_ttl=5s`), and how a combination is shown in messages and replay
// commands.
// Leaves out: parsing the flags (set-grid.ts) and applying a combination (set-values.ts).

/** One value of one flag. */
export interface Assignment {
  /** `engine.dns_ttl` */
  key: string;
  /** `dns_ttl` */
  option: string;
  /** The value as written: `5s`. */
  value: string;
}

/** One parameter combination: one value of every flag, in flag order. */
export type Combination = readonly Assignment[];

/** `engine.dns_ttl=5s`: how a combination's parameter appears in replay commands. */
export function assignmentText(a: Assignment): string {
  return `${a.key}=${a.value}`;
}

/** `engine.replicas=2 engine.dns_ttl=5s`, or '' for the empty combination. */
export function describeCombination(c: Combination): string {
  return c.map(assignmentText).join(' ');
}
