// `expect:` checks: each compares one summary column with a bound. A figure that does not apply
// (empty) fails its expectation: a scenario that expects a failover time but had no failover
// should say so loudly.

import type { SummaryRow } from './summary-columns.ts';

export type Comparator = '<' | '<=' | '==' | '>=' | '>';

export interface Expectation {
  metric: string;
  comparator: Comparator;
  /** A number; true/false for `linearizable`; a verdict (CP, AP, neither) for `cap_during_partition`. */
  bound: number | boolean | string;
  line: number;
}

export interface ExpectationResult {
  expectation: Expectation;
  value: number | string | boolean | null;
  ok: boolean;
}

export function compare(value: number, c: Comparator, bound: number): boolean {
  switch (c) {
    case '<':
      return value < bound;
    case '<=':
      return value <= bound;
    case '==':
      return value === bound;
    case '>=':
      return value >= bound;
    case '>':
      return value > bound;
  }
}

export function checkExpectations(row: SummaryRow, expectations: readonly Expectation[]): ExpectationResult[] {
  return expectations.map((e) => {
    const value = (row as Record<string, number | string | boolean | null>)[e.metric] ?? null;
    let ok: boolean;
    if (typeof e.bound !== 'number') ok = e.comparator === '==' ? value === e.bound : false;
    else ok = typeof value === 'number' && compare(value, e.comparator, e.bound);
    return { expectation: e, value, ok };
  });
}

export function describeExpectation(r: ExpectationResult): string {
  const e = r.expectation;
  const v = r.value === null ? 'n/a' : String(r.value);
  return `${e.metric} = ${v} (expected ${e.comparator} ${e.bound})`;
}
