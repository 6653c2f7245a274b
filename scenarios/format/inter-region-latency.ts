// Default one-way delays between AWS regions, for `regions:` named like AWS regions (us-east-1,
// eu-west-1, ...). The figures are average ping round-trip times between EC2 instances in the
// regions (the "Latency Between AWS Global Regions" measurements, tabulated in docs/sources.md);
// the one-way median is half the round trip. The measurements give averages only: the p99 here is
// the median plus 10% (backbone links vary little), a modelling choice the docs say is one.
// A pair not in the table has no default: the scenario must give it (`region.latency.cross_region`).
// Leaves out: regions launched after the measurements, and changes in routes since.

import type { Distribution } from '../../sim/distribution.ts';

/** Measured average round-trip times in milliseconds, per unordered pair (the mean of both directions). */
export const AWS_REGION_RTT_MS: Readonly<Record<string, number>> = {
  'us-east-1 us-west-1': 72.2,
  'us-east-1 us-west-2': 87.8,
  'us-east-1 eu-west-1': 80.5,
  'us-east-1 eu-central-1': 88.6,
  'us-east-1 ap-northeast-1': 145.3,
  'us-west-1 us-west-2': 19.3,
  'us-west-1 eu-west-1': 153.2,
  'us-west-1 eu-central-1': 166.6,
  'us-west-1 ap-northeast-1': 102.5,
  'us-west-2 eu-west-1': 137.0,
  'us-west-2 eu-central-1': 159.5,
  'us-west-2 ap-northeast-1': 89.1,
  'eu-west-1 eu-central-1': 19.6,
  'eu-west-1 ap-northeast-1': 212.4,
  'eu-central-1 ap-northeast-1': 236.5,
};

/** p99 over median of a default cross-region delay (an assumption: the source gives averages). */
const P99_OVER_MEDIAN = 1.1;

/** The default one-way delay between two regions, or undefined when the table has no figure for the pair. */
export function defaultCrossRegionDelay(a: string, b: string): Distribution | undefined {
  const rttMs = AWS_REGION_RTT_MS[`${a} ${b}`] ?? AWS_REGION_RTT_MS[`${b} ${a}`];
  if (rttMs === undefined) return undefined;
  const median = Math.round((rttMs * 1_000) / 2);
  return { kind: 'lognormal', median, p99: Math.round(median * P99_OVER_MEDIAN) };
}
