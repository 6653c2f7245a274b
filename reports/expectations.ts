// `expect:` checks: each compares one summary column, one figure of one fault's faults.csv
// row, or one figure of a named workload's own summary row, with a bound. A figure that does not apply
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
  /** Set when the bound is on this fault's figure (its index in `faults:`), not on the summary. */
  fault?: number;
  /** Set when the bound is on this named workload's own summary row (`workloads:`), not the run's. */
  workload?: string;
  /** Set when the bound is on this region's own summary row (`regions:`), not the run's. */
  region?: string;
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

/** One fault's figures by faults.csv column name, for bounds on per-fault figures. */
export type FaultFigures = Readonly<Record<string, unknown>>;

/**
 * Judges each expectation on its figure: the run's summary row, one fault's figures, one named
 * workload's summary row (`workloads` by workload name), or one region's (`regions` by region name).
 */
export function checkExpectations(
  row: SummaryRow,
  expectations: readonly Expectation[],
  faults: readonly FaultFigures[] = [],
  workloads: ReadonlyMap<string, Readonly<Record<string, unknown>>> = new Map(),
  regions: ReadonlyMap<string, Readonly<Record<string, unknown>>> = new Map(),
): ExpectationResult[] {
  return expectations.map((e) => {
    const source =
      e.fault !== undefined ? (faults[e.fault] ?? {}) : e.workload !== undefined ? (workloads.get(e.workload) ?? {}) : e.region !== undefined ? (regions.get(e.region) ?? {}) : (row as Record<string, unknown>);
    const raw = source[e.metric];
    const value = raw === undefined ? null : (raw as number | string | boolean | null);
    let ok: boolean;
    if (typeof e.bound !== 'number') ok = e.comparator === '==' ? value === e.bound : false;
    else ok = typeof value === 'number' && compare(value, e.comparator, e.bound);
    return { expectation: e, value, ok };
  });
}

export function describeExpectation(r: ExpectationResult): string {
  const e = r.expectation;
  const v = r.value === null ? 'n/a' : String(r.value);
  const name =
    e.fault !== undefined ? `faults[${e.fault}].${e.metric}` : e.workload !== undefined ? `workloads[${e.workload}].${e.metric}` : e.region !== undefined ? `regions[${e.region}].${e.metric}` : e.metric;
  return `${name} = ${v} (expected ${e.comparator} ${e.bound})`;
}
