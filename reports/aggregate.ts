// Per-metric statistics over the runs of a sweep (aggregate.csv), computed from the values as
// sweep.csv holds them, in sweep.csv's row order, so a sweep and the merge of its shards give the
// same bytes whatever the number of workers or the order they finished in.
//
// Definitions, for the n runs where the metric has a value (an empty cell is left out; in the
// `linearizable` column true counts 1 and false 0, so its mean is the fraction of linearizable
// runs):
//   count     n
//   mean      the sum of the values in row order, divided by n
//   sd        sample standard deviation: sqrt(sum((x - mean)^2) / (n - 1)); empty when n < 2
//   min, max  the smallest and largest value
//   pP        nearest-rank quantile: the ceil(P/100 * n)-th smallest value (always one of the values)
//   ci95_*    95% confidence interval of the mean, Student's t: mean -/+ t(0.975, n - 1) * sd / sqrt(n);
//             empty when n < 2
// With n = 0 every statistic but count is empty. No wall clock, no randomness: plain arithmetic
// in a fixed order.

export const AGGREGATE_STATS = ['count', 'mean', 'sd', 'min', 'p50', 'p90', 'p99', 'max', 'ci95_low', 'ci95_high'] as const;

export type AggregateStat = (typeof AGGREGATE_STATS)[number];

export type MetricStats = Record<AggregateStat, number | null>;

/** Nearest-rank quantile of ascending values: the ceil(percent / 100 * n)-th smallest (percent a whole number in 1..100). */
export function nearestRank(sorted: readonly number[], percent: number): number {
  // percent * n is an exact integer, so the division and ceil have no rounding surprises.
  const rank = Math.max(1, Math.ceil((percent * sorted.length) / 100));
  return sorted[Math.min(rank, sorted.length) - 1];
}

/** Statistics of a metric's values (in canonical row order). */
export function describeValues(values: readonly number[]): MetricStats {
  const n = values.length;
  const none: MetricStats = { count: n, mean: null, sd: null, min: null, p50: null, p90: null, p99: null, max: null, ci95_low: null, ci95_high: null };
  if (n === 0) return none;
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  const sorted = [...values].sort((a, b) => a - b);
  const out: MetricStats = {
    ...none,
    mean,
    min: sorted[0],
    p50: nearestRank(sorted, 50),
    p90: nearestRank(sorted, 90),
    p99: nearestRank(sorted, 99),
    max: sorted[n - 1],
  };
  if (n >= 2) {
    let ss = 0;
    for (const v of values) ss += (v - mean) * (v - mean);
    const sd = Math.sqrt(ss / (n - 1));
    const half = studentT975(n - 1) * (sd / Math.sqrt(n));
    out.sd = sd;
    out.ci95_low = mean - half;
    out.ci95_high = mean + half;
  }
  return out;
}

// Student's t quantile, from the regularized incomplete beta function (continued fraction,
// Numerical Recipes 6.4) and bisection: deterministic and accurate to far below the 6 decimals
// the CSV keeps.

function lnGamma(x: number): number {
  // Lanczos approximation, g = 7, n = 9.
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let a = c[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 500; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

/** P(T <= t) for Student's t with df degrees of freedom, t >= 0. */
export function studentTCdf(t: number, df: number): number {
  return 1 - 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

const t975 = new Map<number, number>();

/** The 0.975 quantile of Student's t with df degrees of freedom (12.706205 for df = 1, 1.959964 as df grows). */
export function studentT975(df: number): number {
  const known = t975.get(df);
  if (known !== undefined) return known;
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < 0.975) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-13; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < 0.975) lo = mid;
    else hi = mid;
  }
  const q = (lo + hi) / 2;
  t975.set(df, q);
  return q;
}

/** A sweep.csv cell as a metric value: '' is no value, true/false count 1/0, otherwise a number. */
export function metricValue(cell: string): number | null {
  if (cell === '') return null;
  if (cell === 'true') return 1;
  if (cell === 'false') return 0;
  const v = Number(cell);
  if (!Number.isFinite(v)) throw new Error(`aggregate: ${JSON.stringify(cell)} is not a metric value`);
  return v;
}

export interface AggregateInput {
  /** sweep.csv's header. */
  columns: readonly string[];
  /** sweep.csv's rows, as cell text, in file order. */
  rows: readonly (readonly string[])[];
  /** Columns that name a group (the parameters); a group's rows need not be adjacent. */
  groupBy: readonly string[];
  /** Columns to describe, in output order. */
  metrics: readonly string[];
}

/** aggregate.csv's header: the group columns, `metric`, then the statistics. */
export function aggregateColumns(groupBy: readonly string[]): string[] {
  return [...groupBy, 'metric', ...AGGREGATE_STATS];
}

/**
 * One row per group (in order of first appearance) and metric (in `metrics` order): the group's
 * cell texts, `metric`, and the statistics.
 */
export function aggregateRows(input: AggregateInput): Record<string, string | number | null>[] {
  const col = (name: string): number => {
    const i = input.columns.indexOf(name);
    if (i < 0) throw new Error(`aggregate: no column ${name}`);
    return i;
  };
  const groupCols = input.groupBy.map(col);
  const metricCols = input.metrics.map(col);
  const groups = new Map<string, { key: readonly string[]; rows: (readonly string[])[] }>();
  for (const row of input.rows) {
    const key = groupCols.map((i) => row[i]);
    const id = JSON.stringify(key);
    let g = groups.get(id);
    if (g === undefined) groups.set(id, (g = { key, rows: [] }));
    g.rows.push(row);
  }
  const out: Record<string, string | number | null>[] = [];
  for (const g of groups.values()) {
    input.metrics.forEach((metric, m) => {
      const values: number[] = [];
      for (const row of g.rows) {
        const v = metricValue(row[metricCols[m]] ?? '');
        if (v !== null) values.push(v);
      }
      const rec: Record<string, string | number | null> = {};
      input.groupBy.forEach((name, i) => (rec[name] = g.key[i]));
      rec.metric = metric;
      Object.assign(rec, describeValues(values));
      out.push(rec);
    });
  }
  return out;
}
