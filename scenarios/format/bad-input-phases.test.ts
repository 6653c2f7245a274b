// Bad input in `workload.phases` and `workloads:`: each reported with the exact file, line and field.

import { describe, it } from 'vitest';
import { expectReported, type Case } from './bad-input.fixture.ts';

/** Lines 1-6: a workload whose phases follow from line 7 on. */
const HEAD = `name: t
duration: 10m
engine:
  type: aurora
workload:
  phases:
`;

const CASES: Case[] = [
  {
    name: 'a phase with neither for nor ramp',
    text: `${HEAD}    - { rate: 100/s }\n`,
    line: 7,
    field: 'workload.phases[0].for',
    problem: 'required: `for: <duration>` with a rate or concurrency, or `ramp: <duration>` with `to: <rate>`',
  },
  {
    name: 'a negative phase length',
    text: `${HEAD}    - { for: 1m, rate: 100/s }\n    - { for: -5s, rate: 10/s }\n`,
    line: 8,
    field: 'workload.phases[1].for',
    problem: /must be more than 0|negative/,
  },
  {
    name: 'a negative rate',
    text: `${HEAD}    - { for: 1m, rate: -100/s }\n`,
    line: 7,
    field: 'workload.phases[0].rate',
    problem: /rate|at least 0/,
  },
  {
    name: 'a ramp with no rate before it',
    text: `${HEAD}    - { ramp: 2m, to: 500/s }\n`,
    line: 7,
    field: 'workload.phases[0].ramp',
    problem: 'a ramp starts from the rate of the phase before it, and there is none (give a `for` phase with a `rate` first)',
  },
  {
    name: 'a ramp after a concurrency phase',
    text: `${HEAD}    - { for: 1m, concurrency: 8 }\n    - { ramp: 2m, to: 500/s }\n`,
    line: 8,
    field: 'workload.phases[1].ramp',
    problem: /a ramp starts from the rate of the phase before it/,
  },
  {
    name: 'a ramp without to',
    text: `${HEAD}    - { for: 1m, rate: 10/s }\n    - { ramp: 2m }\n`,
    line: 8,
    field: 'workload.phases[1].to',
    problem: 'required: the rate the ramp ends at, e.g. to: 500/s',
  },
  {
    name: 'both for and ramp',
    text: `${HEAD}    - { for: 1m, ramp: 2m, to: 5/s }\n`,
    line: 7,
    field: 'workload.phases[0].ramp',
    problem: 'a phase has either `for` (a held load) or `ramp` (a change to `to`), not both',
  },
  {
    name: 'a for phase with no load',
    text: `${HEAD}    - { for: 1m }\n`,
    line: 7,
    field: 'workload.phases[0].rate',
    problem: "required: the phase's `rate` (e.g. 100/s, 0/s for idle) or `concurrency`",
  },
  {
    name: 'an empty phase list',
    text: `${HEAD.replace('  phases:\n', '  phases: []\n')}`,
    line: 6,
    field: 'workload.phases',
    problem: 'give at least one phase, like { for: 5m, rate: 100/s }',
  },
  {
    name: 'phases beside a rate',
    text: `${HEAD}    - { for: 1m, rate: 10/s }\n  rate: 100/s\n`,
    line: 8,
    field: 'workload.rate',
    problem: 'give either `phases` or a single `rate`/`concurrency`, not both (each phase has its own)',
  },
  {
    name: 'a key count in a phase',
    text: `${HEAD}    - { for: 1m, rate: 10/s, keys: { count: 5 } }\n`,
    line: 7,
    field: 'workload.phases[0].keys.count',
    problem: "the key count is the workload's; a phase changes only the distribution",
  },
  {
    name: 'two workloads with one name',
    text: `name: t\nduration: 10m\nengine: { type: aurora }\nworkloads:\n  - { name: web, rate: 10/s }\n  - { name: web, rate: 20/s }\n`,
    line: 6,
    field: 'workloads[1].name',
    problem: 'two workloads are named "web"',
  },
  {
    name: 'a workload without a name',
    text: `name: t\nduration: 10m\nengine: { type: aurora }\nworkloads:\n  - { rate: 10/s }\n`,
    line: 5,
    field: 'workloads[0].name',
    problem: 'required: each workload has a name, e.g. name: web',
  },
  {
    name: 'workload and workloads both',
    text: `name: t\nduration: 10m\nengine: { type: aurora }\nworkload: { rate: 5/s }\nworkloads:\n  - { name: web, rate: 10/s }\n`,
    line: 5,
    field: 'workloads',
    problem: 'give either `workload` or `workloads` (a list of named workloads), not both',
  },
];

describe('scenario format > bad input > load phases and named workloads', () => {
  for (const c of CASES) it(`reports ${c.name} with its file, line and field`, () => expectReported(c));
});
