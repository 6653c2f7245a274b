// Latency and service-time distributions as scenario files write them, to a Distribution in
// microseconds (sim/distribution.ts):
//   { median: 250us, p99: 1ms }   log-normal fitted to a median and a 99th percentile
//   { constant: 1ms }             always the same
//   { uniform: [1ms, 3ms] }       uniform between the two
//   { exponential: 1ms }          exponential with that mean
//   0                             no delay
//   1ms                           shorthand for { constant: 1ms } (our addition)
// Leaves out: empirical distributions, mixtures, and a log-normal given by mean and deviation.

import { constant, type Distribution } from '../../sim/distribution.ts';
import { describe, type Reader } from './field-reader.ts';
import { formatDuration } from './units.ts';
import type { SourceNode } from './yaml-source.ts';
import { LIMITS } from './limits.ts';

const FORMS = ['median', 'p99', 'constant', 'uniform', 'exponential'] as const;
const LIKE = 'expected a distribution like { median: 250us, p99: 1ms }, { constant: 1ms }, { uniform: [1ms, 3ms] }, { exponential: 1ms } or 0';

export function readDistribution(r: Reader, node: SourceNode): Distribution {
  // Every value of a distribution (a delay, a service time) is at most an hour.
  const duration = (n: SourceNode) => r.duration(n, { max: LIMITS.distributionUs });
  if (node.kind === 'scalar') {
    if (typeof node.value === 'string' || typeof node.value === 'number') return constant(duration(node));
    return r.fail(node, `${LIKE}, got ${describe(node)}`);
  }
  if (node.kind === 'seq') return r.fail(node, `${LIKE}, got a list`);
  const f = r.map(node, FORMS);
  const given = f.keys();
  if (given.length === 0) return r.fail(node, `${LIKE}, got an empty mapping`);

  if (f.has('median') || f.has('p99')) {
    const other = given.find((k) => k !== 'median' && k !== 'p99');
    if (other !== undefined) r.fail(f.at(other), `a distribution takes one form: \`${other}\` cannot go with median/p99`);
    const median = duration(f.require('median', 'a log-normal distribution needs both median and p99'));
    const p99 = duration(f.require('p99', 'a log-normal distribution needs both median and p99'));
    if (median <= 0) r.fail(f.at('median'), 'a log-normal median must be more than 0 (write 0 for no delay)');
    if (p99 < median) {
      r.fail(f.at('p99'), `the p99 (${formatDuration(p99)}) cannot be below the median (${formatDuration(median)})`);
    }
    return { kind: 'lognormal', median, p99 };
  }
  if (given.length > 1) r.fail(f.at(given[1]), `a distribution takes one form, got both \`${given[0]}\` and \`${given[1]}\``);
  const form = given[0];
  const value = f.require(form);
  switch (form) {
    case 'constant':
      return constant(duration(value));
    case 'exponential':
      return { kind: 'exponential', mean: duration(value) };
    default: {
      const pair = r.list(value, 'a pair of durations like [1ms, 3ms]');
      if (pair.items.length !== 2) r.fail(value, `expected a pair of durations like [1ms, 3ms], got ${pair.items.length} values`);
      const low = duration(pair.items[0]);
      const high = duration(pair.items[1]);
      if (high < low) r.fail(pair.items[1], `the upper bound (${formatDuration(high)}) cannot be below the lower (${formatDuration(low)})`);
      return { kind: 'uniform', low, high };
    }
  }
}
