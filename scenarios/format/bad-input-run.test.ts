// Bad input in the workload, faults and expectations: each reported with the exact file, line
// and field.

import { describe, expect, it } from 'vitest';
import { BASE, expectReported, type Case } from './bad-input.fixture.ts';

const TWO = `name: t
duration: 10m
engine:
  type: aurora
workloads:
  - { name: web, rate: 100/s }
  - { name: ingest, rate: 50/s }
`;

const CASES: Case[] = [
  {
    name: 'a workload with neither rate nor concurrency',
    text: BASE.replace('  rate: 100/s\n', '  clients: 3\n'),
    line: 5,
    field: 'workload.rate',
    problem: 'required: give `rate` (open loop, e.g. 2000/s), `concurrency` (closed loop, e.g. 64) or `phases`',
  },
  {
    name: 'rate and concurrency both given',
    text: `${BASE}  concurrency: 64\n`,
    line: 7,
    field: 'workload.concurrency',
    problem: 'give either `rate` (open loop) or `concurrency` (closed loop), not both',
  },
  {
    name: 'a rate that is not a rate',
    text: BASE.replace('rate: 100/s', 'rate: fast'),
    line: 6,
    field: 'workload.rate',
    problem: 'expected a rate like 2000/s, got "fast"',
  },
  {
    name: 'a mix not summing to 1',
    text: `${BASE}  mix: { read: 0.8, write: 0.3 }\n`,
    line: 7,
    field: 'workload.mix',
    problem: /^read \+ write must be 1, got 0\.8 \+ 0\.3 = 1\.1/,
  },
  {
    name: 'clients in an unknown AZ',
    text: `${BASE}  clients: { az-a: 2, az-q: 1 }\n`,
    line: 7,
    field: 'workload.clients.az-q',
    problem: 'unknown AZ `az-q`; did you mean `az-a`? (known: az-a, az-b, az-c)',
  },
  {
    name: 'a key-distribution parameter for another distribution',
    text: `${BASE}  keys: { count: 10, zipf_s: 1.2 }\n`,
    line: 7,
    field: 'workload.keys.zipf_s',
    problem: '`zipf_s` applies only to distribution: zipf',
  },
  {
    name: 'a bare number where a size is needed',
    text: `${BASE}  value_size: 1024\n`,
    line: 7,
    field: 'workload.value_size',
    problem: 'expected a size like 512B, 1KB or 1.5MB, got 1024: a number needs a unit (B, KB, MB or GB), e.g. 1024B',
  },
  {
    name: 'max_backoff below backoff',
    text: `${BASE}  retry: { backoff: 1s, max_backoff: 100ms }\n`,
    line: 7,
    field: 'workload.retry.max_backoff',
    problem: 'max_backoff cannot be below backoff',
  },
  {
    name: 'a fault after the end',
    text: `${BASE}faults:\n  - { at: 10m, kind: crash, target: { role: writer } }\n`,
    line: 8,
    field: 'faults[0].at',
    problem: '10m is at or after the end of the workload (duration 10m)',
  },
  {
    name: 'a fault without a start',
    text: `${BASE}faults:\n  - kind: crash\n    target: { role: writer }\n`,
    line: 8,
    field: 'faults[0].at',
    problem: 'required: when the fault starts, e.g. `at: 1m`',
  },
  {
    name: 'a fault lasting no time',
    text: `${BASE}faults:\n  - { at: 1m, kind: pause, target: { role: writer }, for: 0 }\n`,
    line: 8,
    field: 'faults[0].for',
    problem: 'must be more than 0, got 0s',
  },
  {
    name: 'an unknown fault kind',
    text: `${BASE}faults:\n  - { at: 1m, kind: partiton, sides: [[az-a], [az-b]] }\n`,
    line: 8,
    field: 'faults[0].kind',
    problem: 'expected `az-outage`, `partition`, `crash`, `pause`, `restart`, `clock`, `latency`, `loss`, `failover`, `region-outage`, `region-partition`, `switchover` or `pause-replication`, got "partiton"; did you mean `partition`?',
  },
  {
    name: 'an unknown AZ in a fault',
    text: `${BASE}faults:\n  - at: 1m\n    kind: az-outage\n    az: az-d\n`,
    line: 10,
    field: 'faults[0].az',
    problem: 'unknown AZ `az-d`; did you mean `az-a`? (known: az-a, az-b, az-c)',
  },
  {
    name: "a key of another fault kind",
    text: `${BASE}faults:\n  - at: 1m\n    kind: crash\n    target: { role: writer }\n    sides: [[az-a], [az-b]]\n`,
    line: 11,
    field: 'faults[0].sides',
    problem: '`sides` does not apply to a crash fault (it takes at, kind, target, for)',
  },
  {
    name: 'an unknown role in a target',
    text: `${BASE}faults:\n  - at: 1m\n    kind: crash\n    target: { role: leader }\n`,
    line: 10,
    field: 'faults[0].target.role',
    problem: 'unknown role `leader` (aurora has roles: writer, replica, storage)',
  },
  {
    name: 'a shard on an engine without shards',
    text: `${BASE}faults:\n  - { at: 1m, kind: crash, target: { role: writer, shard: 0 } }\n`,
    line: 8,
    field: 'faults[0].target.shard',
    problem: '`shard` does not apply to aurora (it has no shards)',
  },
  {
    name: 'an empty target',
    text: `${BASE}faults:\n  - { at: 1m, kind: failover, target: {} }\n`,
    line: 8,
    field: 'faults[0].target',
    problem: 'expected a target like { role: writer }, { node: NAME } or { az: az-a, role: replica, index: 0 }, got an empty mapping',
  },
  {
    name: 'a partition with one side',
    text: `${BASE}faults:\n  - { at: 1m, kind: partition, sides: [[az-a]] }\n`,
    line: 8,
    field: 'faults[0].sides',
    problem: 'expected at least 2 sides, got 1',
  },
  {
    name: 'a one-way partition with three sides',
    text: `${BASE}faults:\n  - { at: 1m, kind: partition, sides: [[az-a], [az-b], [az-c]], one_way: true }\n`,
    line: 8,
    field: 'faults[0].one_way',
    problem: 'a one-way partition needs exactly 2 sides, got 3',
  },
  {
    name: 'latency between three sides',
    text: `${BASE}faults:\n  - { at: 1m, kind: latency, between: [[az-a], [az-b], [az-c]], add: 5ms }\n`,
    line: 8,
    field: 'faults[0].between',
    problem: 'expected exactly 2 sides, got 3',
  },
  {
    name: 'a probability above 1',
    text: `${BASE}faults:\n  - at: 1m\n    kind: loss\n    between: [[az-a], [az-b]]\n    probability: 1.5\n`,
    line: 11,
    field: 'faults[0].probability',
    problem: 'must be between 0 and 1, got 1.5',
  },
  {
    name: 'a clock fault with neither offset nor drift',
    text: `${BASE}faults:\n  - { at: 1m, kind: clock, target: { role: writer } }\n`,
    line: 8,
    field: 'faults[0]',
    problem: 'a clock fault needs `offset` (like +2s), `drift_ppm`, or both',
  },
  {
    name: 'a sign where no sign is allowed',
    text: `${BASE}faults:\n  - { at: 1m, kind: latency, between: [[az-a], [az-b]], add: +5ms }\n`,
    line: 8,
    field: 'faults[0].add',
    problem: 'expected a duration like 250ms, 1s or 1m30s, got "+5ms": no sign is allowed here',
  },
  {
    name: 'a bad expect metric',
    text: `${BASE}expect:\n  availabilty_write: ">= 0.99"\n`,
    line: 8,
    field: 'expect.availabilty_write',
    problem: 'unknown metric `availabilty_write`; did you mean `availability_write`?',
  },
  {
    name: 'an expectation on a column that describes the run',
    text: `${BASE}expect:\n  engine: "== 1"\n`,
    line: 8,
    field: 'expect.engine',
    problem: '`engine` describes the run and cannot be expected; bound a figure such as availability_write',
  },
  {
    name: 'a bad comparator',
    text: `${BASE}expect:\n  availability_write: "=> 0.99"\n`,
    line: 8,
    field: 'expect.availability_write',
    problem: '`=>` is not a comparator; did you mean `>=`? (one of <, <=, ==, >=, >)',
  },
  {
    name: 'a comparison without a number',
    text: `${BASE}expect:\n  lost_writes: "== none"\n`,
    line: 8,
    field: 'expect.lost_writes',
    problem: 'expected a comparison in quotes like ">= 0.99", "<= 35" or "== 0" (one of <, <=, ==, >=, >), got "== none"',
  },
  {
    name: 'a bare number as a bound',
    text: `${BASE}expect:\n  lost_writes: 0\n`,
    line: 8,
    field: 'expect.lost_writes',
    problem: 'expected a comparison in quotes like ">= 0.99", "<= 35" or "== 0" (one of <, <=, ==, >=, >), got 0: write "== 0" (in quotes) for exactly 0',
  },
  {
    name: 'linearizable bounded by a number',
    text: `${BASE}expect:\n  linearizable: ">= 1"\n`,
    line: 8,
    field: 'expect.linearizable',
    problem: 'expected true or false, got ">= 1"',
  },
  {
    name: 'a CAP verdict that is not one',
    text: `${BASE}faults: [{ at: 1s, kind: partition, sides: [[az-a], [az-b]] }]\nexpect:\n  cap_during_partition: CA\n`,
    line: 9,
    field: 'expect.cap_during_partition',
    problem: 'expected a verdict, CP, AP or neither, got "CA"',
  },
  {
    name: 'a CAP verdict without a partition',
    text: `${BASE}expect:\n  cap_during_partition: CP\n`,
    line: 8,
    field: 'expect.cap_during_partition',
    problem: 'cap_during_partition needs a fault of kind partition (without one the figure is empty)',
  },
  {
    name: 'a cache hit ratio without a cache',
    text: `${BASE}expect:\n  cache_hit_ratio: ">= 0.9"\n`,
    line: 8,
    field: 'expect.cache_hit_ratio',
    problem: 'cache_hit_ratio needs a `cache:` section (without one the figure is empty)',
  },
  {
    name: 'a bound per workload naming no workload of the file',
    text: `${TWO}expect:\n  workloads: [ { name: webb, write_outage_s: "<= 35" } ]\n`,
    line: 9,
    field: 'expect.workloads[0].name',
    problem: 'there is no workload `webb`; did you mean `web`?',
  },
  {
    name: "a run-wide figure bounded per workload",
    text: `${TWO}expect:\n  workloads:\n    - name: web\n      lost_writes: "== 0"\n`,
    line: 11,
    field: 'expect.workloads[0].lost_writes',
    problem: /^`lost_writes` is the run's figure \(bound it at the top of expect:\); unknown per-workload figure `lost_writes`; a workload's bounds take ops, ops_ok,/,
  },
  {
    name: 'bounds per workload without named workloads',
    text: `${BASE}expect:\n  workloads: [ { name: web, ops: "> 0" } ]\n`,
    line: 8,
    field: 'expect.workloads',
    problem: 'bounds per workload need named workloads (`workloads:` instead of `workload:`)',
  },
];

describe('scenario format', () => {
  describe('bad input', () => {
    describe('in the workload, faults and expectations', () => {
      it.each(CASES.map((c) => [c.name, c] as const))('reports %s with its file, line and field', (_, c) => {
        expectReported(c);
      });

      it('covers many distinct kinds of bad input', () => {
        expect(new Set(CASES.map((c) => c.field)).size).toBeGreaterThanOrEqual(15);
      });
    });
  });
});
