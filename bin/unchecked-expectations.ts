// `--no-check` skips the linearizability check, so the `linearizable` figure is empty. An
// expectation on it is then not judged (it would fail every run, hiding the expectations that
// matter) but set aside with a note saying it was not checked.

import type { Scenario } from '../scenarios/format/scenario.ts';

/** Metrics only the linearizability check measures. */
const CHECK_ONLY = new Set(['linearizable']);

export interface Unchecked {
  /** The scenario without the expectations that cannot be judged. */
  scenario: Scenario;
  /** One note per expectation set aside. */
  notes: string[];
}

export function withoutUncheckedExpectations(s: Scenario, check: boolean): Unchecked {
  if (check) return { scenario: s, notes: [] };
  const skipped = s.expect.filter((e) => CHECK_ONLY.has(e.metric));
  if (skipped.length === 0) return { scenario: s, notes: [] };
  return { scenario: { ...s, expect: s.expect.filter((e) => !CHECK_ONLY.has(e.metric)) }, notes: skipped.map((e) => uncheckedNote(e.metric)) };
}

export function uncheckedNote(metric: string): string {
  return `${metric}: not checked (--no-check)`;
}
