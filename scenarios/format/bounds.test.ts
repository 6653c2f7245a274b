// The inputs of issues 11 and 12 that validation used to accept (or crash on): each is the bundled
// rds-multi-az-writer-crash scenario with one change, as the reproducers were made, and each must
// now be bad input with one line naming file, line and field.

import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prepareScenario } from '../prepare.ts';
import { ScenarioError } from './scenario-error.ts';

const BASE = fs.readFileSync(new URL('../rds-multi-az-writer-crash.yaml', import.meta.url), 'utf8');
const FILE = 'input.yaml';

function change(from: string, to: string): string {
  expect(BASE).toContain(from);
  return BASE.replace(from, to);
}

function problem(text: string): ScenarioError {
  try {
    prepareScenario(text, FILE);
  } catch (e) {
    if (e instanceof ScenarioError) return e;
    throw e;
  }
  throw new Error('validated without a problem');
}

const CRASH_FAULT = '  - at: 40s\n    kind: crash\n    target: { role: writer }\n    for: 30s\n';

interface Case {
  name: string;
  text: () => string;
  line: number;
  field: string;
  problem: RegExp;
}

const CASES: Case[] = [
  { name: 'an AZ named control-plane (issue 11, az-named-control-plane)', text: () => change('engine:\n', 'region:\n  azs: [control-plane, az-b, az-c]\nengine:\n'), line: 11, field: 'region.azs[0]', problem: /`control-plane` is reserved/ },
  { name: 'an AZ named like a client', text: () => change('engine:\n', 'region:\n  azs: [client-1, az-b, az-c]\nengine:\n'), line: 11, field: 'region.azs[0]', problem: /`client-1` is reserved/ },
  { name: 'an AZ named like a node of the topology', text: () => change('engine:\n', 'region:\n  azs: [db-1, az-b, az-c]\nengine:\n'), line: 11, field: 'region.azs[0]', problem: /also the name of a node/ },
  { name: 'a 300-character name (input-name-300-chars)', text: () => change('name: rds-multi-az-writer-crash', `name: ${'a'.repeat(300)}`), line: 1, field: 'name', problem: /at most 100 characters, got 300/ },
  { name: 'the name --help', text: () => change('name: rds-multi-az-writer-crash', 'name: --help'), line: 1, field: 'name', problem: /starting with a letter or digit/ },
  { name: 'the name -', text: () => change('name: rds-multi-az-writer-crash', 'name: "-"'), line: 1, field: 'name', problem: /starting with a letter or digit/ },
  { name: 'a name starting with a dash', text: () => change('name: rds-multi-az-writer-crash', 'name: -x'), line: 1, field: 'name', problem: /starting with a letter or digit/ },
  { name: 'rate: 1e9/s (input-rate-1e9)', text: () => change('rate: 1000/s', 'rate: 1000000000/s'), line: 14, field: 'workload.rate', problem: /at most 1000000\/s/ },
  { name: 'clients: 1e8 (input-clients-1e8)', text: () => change('clients: 12', 'clients: 100000000'), line: 13, field: 'workload.clients', problem: /between 1 and 1000000/ },
  { name: 'concurrency: 1e8 (input-concurrency-1e8)', text: () => change('rate: 1000/s', 'concurrency: 100000000'), line: 14, field: 'workload.concurrency', problem: /between 1 and 1000000/ },
  { name: 'keys.count: 1e12 (input-keys-1e12)', text: () => change('count: 10000,', 'count: 1000000000000,'), line: 17, field: 'workload.keys.count', problem: /between 1 and 10000000/ },
  { name: 'health_check_interval: 1us (input-health-check-1us)', text: () => change('  type: rds-multi-az\n', '  type: rds-multi-az\n  health_check_interval: 1us\n'), line: 12, field: 'engine.health_check_interval', problem: /at least 1ms, got 1us/ },
  { name: 'settle: 10000h (input-settle-10000h)', text: () => change('settle: 30s', 'settle: 10000h'), line: 9, field: 'settle', problem: /at most 24h/ },
  { name: 'duration: 1000h', text: () => change('duration: 3m', 'duration: 1000h'), line: 7, field: 'duration', problem: /at most 168h/ },
  { name: 'redo_replay_rate: 0B (input-redo-replay-rate-0)', text: () => change('  type: rds-multi-az\n', '  type: rds-multi-az\n  redo_replay_rate: 0B\n'), line: 12, field: 'engine.redo_replay_rate', problem: /at least 1KB, got 0B/ },
  { name: 'value_size: 1000000GB', text: () => change('value_size: 1KB', 'value_size: 1000000GB'), line: 18, field: 'workload.value_size', problem: /at most 64MB/ },
  { name: 'a clock offset of -1000000h', text: () => change(CRASH_FAULT, '  - at: 40s\n    kind: clock\n    target: { role: writer }\n    offset: -1000000h\n'), line: 25, field: 'faults[0].offset', problem: /at least -24h/ },
  { name: 'partition sides that overlap (input-partition-overlapping-sides)', text: () => change(CRASH_FAULT, '  - at: 40s\n    kind: partition\n    sides: [[az-a, db-1], [db-1, az-b]]\n    for: 30s\n'), line: 24, field: 'faults[0].sides[1][0]', problem: /`db-1` is on side 1 and side 2; the sides of a partition must not overlap/ },
  { name: 'partition sides that repeat (input-partition-same-side)', text: () => change(CRASH_FAULT, '  - at: 40s\n    kind: partition\n    sides: [[az-a], [az-a]]\n    for: 30s\n'), line: 24, field: 'faults[0].sides[1][0]', problem: /`az-a` is on side 1 and side 2/ },
  { name: 'a partition with an AZ on one side and a node of it on the other', text: () => change(CRASH_FAULT, '  - at: 40s\n    kind: partition\n    sides: [[az-a], [db-1]]\n    for: 30s\n'), line: 24, field: 'faults[0].sides[1]', problem: /the node db-1 is on side 1 and side 2/ },
  {
    name: '5,000 faults (input-5000-faults-alias-message)',
    text: () => change(CRASH_FAULT, Array.from({ length: 5000 }, (_, i) => `  - { at: ${i + 1}ms, kind: latency, between: [[az-a], [az-b]], add: 1ms, for: 1s }\n`).join('')),
    line: 21,
    field: 'faults',
    problem: /^at most 1000 faults in one file \(docs\/limits.md\), got 5000$/,
  },
];

describe('scenario format > bounds', () => {
  for (const c of CASES) {
    it(`refuses ${c.name} at its file, line and field`, () => {
      const e = problem(c.text());
      expect(e.problem).toMatch(c.problem);
      expect({ line: e.line, field: e.field }).toEqual({ line: c.line, field: c.field });
      expect(e.message).toBe(`${FILE}:${c.line}: ${c.field}: ${e.problem}`);
    });
  }

  it('accepts 1,000 honest faults without mistaking them for an alias bomb', () => {
    const text = change(CRASH_FAULT, Array.from({ length: 1000 }, (_, i) => `  - { at: ${i + 1}ms, kind: latency, between: [[az-a], [az-b]], add: 1ms, for: 1s }\n`).join(''));
    expect(prepareScenario(text, FILE).scenario.faults).toHaveLength(1000);
  });

  it('still refuses an alias bomb', () => {
    const lines = ['a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]'];
    for (let i = 0; i < 6; i++) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`);
    expect(problem(`${lines.join('\n')}\n`).problem).toMatch(/aliases expand to more than 50000 values/);
  });
});

describe('scenario format > every problem', () => {
  it('reports each problem of a file on its own line, in the order found', () => {
    const text = change('  clients: 12\n  rate: 1000/s\n', '  clients: 0\n  rate: 1000/s\n').replace('  type: rds-multi-az\n', '  type: rds-multi-az\n  dns_tll: 5s\n').replace('settle: 30s', 'settle: 10000h');
    expect(problem(text).lines()).toEqual([
      'input.yaml:9: settle: must be at most 24h, got 10000h',
      'input.yaml:12: engine.dns_tll: unknown key `dns_tll`; did you mean `dns_ttl`?',
      'input.yaml:14: workload.clients: must be between 1 and 1000000, got 0',
    ]);
  });

  it('stops at 20 problems', () => {
    const keys = Array.from({ length: 30 }, (_, i) => `  bogus_${i}: 1\n`).join('');
    const e = problem(change('  type: rds-multi-az\n', `  type: rds-multi-az\n${keys}`));
    expect(e.lines()).toHaveLength(20);
    for (const line of e.lines()) expect(line).toMatch(/^input\.yaml:\d+: engine\.bogus_\d+: unknown key/);
  });
});

describe('scenario format > bounds of engine periods', () => {
  it('refuses a Redis cron_interval of 1us at its line', () => {
    const redis = fs.readFileSync(new URL('../redis-primary-crash.yaml', import.meta.url), 'utf8');
    expect(redis).toContain('  type: redis-cluster\n');
    const e = problem(redis.replace('  type: redis-cluster\n', '  type: redis-cluster\n  cron_interval: 1us\n'));
    expect(e.field).toBe('engine.cron_interval');
    expect(e.problem).toBe('must be at least 1ms, got 1us');
  });
});
