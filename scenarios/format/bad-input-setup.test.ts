// Bad input in the file's syntax, top-level keys, region, engine and cache: each reported
// with the exact file, line and field.

import { describe, expect, it } from 'vitest';
import { BASE, expectReported, type Case } from './bad-input.fixture.ts';
import { fakeAurora, fakeDynamo } from './fake-engines.fixture.ts';

const CASES: Case[] = [
  {
    name: 'malformed YAML',
    text: `${BASE}  mix: { read: 0.8, write: 0.2\nfaults: []\n`,
    line: 8,
    field: 'syntax',
    problem: /^Flow map in block collection/,
  },
  {
    name: 'malformed JSON',
    file: 'scenarios/bad.json',
    text: '{\n  "name": "t",\n  "duration": "10m"\n  "engine": { "type": "aurora" }\n}\n',
    line: 4,
    field: 'syntax',
    problem: "Expected ',' or '}' after property value",
  },
  {
    name: 'an unknown top-level key with a did-you-mean',
    text: BASE.replace('duration: 10m', 'duraton: 10m'),
    line: 2,
    field: 'duraton',
    problem: 'unknown key `duraton`; did you mean `duration`?',
  },
  {
    name: 'an unknown top-level key far from any',
    text: `${BASE}colour: blue\n`,
    line: 7,
    field: 'colour',
    problem: 'unknown key `colour`; expected one of: name, description, seed, duration, warmup, settle, region, regions, engine, cache, workload, workloads, faults, expect, policy',
  },
  {
    name: 'a duplicate key',
    text: `${BASE}  rate: 200/s\n`,
    line: 7,
    field: 'workload.rate',
    problem: 'the key "rate" appears twice (first on line 6)',
  },
  {
    name: 'an empty file',
    text: '# nothing here\n',
    line: 1,
    field: '(top level)',
    problem: 'the file is empty; a scenario needs at least name, duration, engine and workload',
  },
  {
    name: 'a list at the top',
    text: '- name: t\n',
    line: 1,
    field: '(top level)',
    problem: 'expected a mapping of scenario keys (name, duration, engine, workload, ...), got a list',
  },
  {
    name: 'a missing name',
    text: BASE.replace('name: t\n', 'description: no name\n'),
    line: 1,
    field: 'name',
    problem: 'required: a name like aurora-az-outage',
  },
  {
    name: 'a name with capitals',
    text: BASE.replace('name: t', 'name: Aurora-Test'),
    line: 1,
    field: 'name',
    problem: 'a name is lower-case letters, digits and dashes, starting with a letter or digit (like aurora-az-outage), got "Aurora-Test"',
  },
  {
    name: 'a negative seed',
    text: `seed: -1\n${BASE}`,
    line: 1,
    field: 'seed',
    problem: 'must be at least 0, got -1',
  },
  {
    name: 'a bad seed override',
    text: `seed: 4\n${BASE}`,
    seedOverride: 1.5,
    line: 1,
    field: 'seed',
    problem: 'the --seed override must be a non-negative whole number, got 1.5',
  },
  {
    name: 'a missing duration',
    text: BASE.replace('duration: 10m\n', ''),
    line: 1,
    field: 'duration',
    problem: 'required: how long the workload runs, e.g. 5m',
  },
  {
    name: 'a bare number where a duration is needed',
    text: BASE.replace('duration: 10m', 'duration: 300'),
    line: 2,
    field: 'duration',
    problem: 'expected a duration like 250ms, 1s or 1m30s, got 300: a number needs a unit (us, ms, s, m or h), e.g. 300ms or 300s',
  },
  {
    name: 'a zero duration',
    text: BASE.replace('duration: 10m', 'duration: 0s'),
    line: 2,
    field: 'duration',
    problem: 'must be more than 0, got 0s',
  },
  {
    name: 'a negative duration',
    text: `${BASE}warmup: -5s\n`,
    line: 7,
    field: 'warmup',
    problem: 'a duration cannot be negative, got "-5s"',
  },
  {
    name: 'a warm-up as long as the duration',
    text: `${BASE}warmup: 10m\n`,
    line: 7,
    field: 'warmup',
    problem: 'the warm-up (10m) must be shorter than the duration (10m)',
  },
  {
    name: 'a bad unit',
    text: `${BASE}settle: 30 sec\n`,
    line: 7,
    field: 'settle',
    problem: 'expected a duration like 250ms, 1s or 1m30s, got "30 sec"',
  },
  {
    name: 'an unknown AZ name shape',
    text: `${BASE}region: { azs: [az-a, AZ-B] }\n`,
    line: 7,
    field: 'region.azs[1]',
    problem: 'an AZ name is lower-case letters, digits and dashes, starting with a letter or digit (like az-a), got "AZ-B"',
  },
  {
    name: 'a p99 below the median',
    text: `${BASE}region:\n  latency:\n    cross_az: { median: 2ms, p99: 1ms }\n`,
    line: 9,
    field: 'region.latency.cross_az.p99',
    problem: 'the p99 (1ms) cannot be below the median (2ms)',
  },
  {
    name: 'two distribution forms at once',
    text: `${BASE}region:\n  latency:\n    client: { constant: 1ms, exponential: 2ms }\n`,
    line: 9,
    field: 'region.latency.client.exponential',
    problem: 'a distribution takes one form, got both `constant` and `exponential`',
  },
  {
    name: 'an unknown engine',
    text: BASE.replace('type: aurora', 'type: auroa'),
    line: 4,
    field: 'engine.type',
    problem: 'unknown engine type `auroa`; did you mean `aurora`? (known: aurora, dynamodb, redis-cluster, dax)',
  },
  {
    name: 'a documented engine nobody registered yet',
    text: BASE.replace('type: aurora', 'type: rds-multi-az'),
    line: 4,
    field: 'engine.type',
    problem: 'engine type `rds-multi-az` is not available yet (available: aurora, dynamodb, redis-cluster, dax)',
  },
  {
    name: 'an engine without a type',
    text: BASE.replace('  type: aurora\n', '  replicas: 2\n'),
    line: 3,
    field: 'engine.type',
    problem: 'required: the engine type, e.g. `type: aurora`',
  },
  {
    name: 'an unknown engine option',
    text: BASE.replace('  type: aurora\n', '  type: aurora\n  replica: 2\n'),
    line: 5,
    field: 'engine.replica',
    problem: 'unknown key `replica`; did you mean `replicas`?',
  },
  {
    name: 'an integer option out of range',
    text: BASE.replace('  type: aurora\n', '  type: aurora\n  replicas: 20\n'),
    line: 5,
    field: 'engine.replicas',
    problem: 'must be between 0 and 15, got 20',
  },
  {
    name: 'a fractional integer option',
    text: BASE.replace('  type: aurora\n', '  type: aurora\n  replicas: 1.5\n'),
    line: 5,
    field: 'engine.replicas',
    problem: 'expected a whole number, got 1.5',
  },
  {
    name: 'a duration option below its minimum',
    text: BASE.replace('  type: aurora\n', '  type: aurora\n  failover_timeout: 500us\n'),
    line: 5,
    field: 'engine.failover_timeout',
    problem: 'must be at least 1ms, got 500us',
  },
  {
    name: 'an enum option misspelt',
    text: BASE.replace('  type: aurora\n', '  type: aurora\n  tier: io-optimised\n'),
    line: 5,
    field: 'engine.tier',
    problem: 'expected `standard` or `io-optimized`, got "io-optimised"; did you mean `io-optimized`?',
  },
  {
    name: 'an az option naming an unknown AZ',
    text: BASE.replace('  type: aurora\n', '  type: aurora\n  writer_az: az-d\n'),
    line: 5,
    field: 'engine.writer_az',
    problem: 'unknown AZ `az-d`; did you mean `az-a`? (known: az-a, az-b, az-c)',
  },
  {
    name: 'a service with zero workers',
    text: BASE.replace('  type: aurora\n', '  type: aurora\n  service: { workers: 0 }\n'),
    line: 5,
    field: 'engine.service.workers',
    problem: 'must be between 1 and 1024, got 0',
  },
  {
    name: "a problem the engine's own check finds, at that option's line",
    text: BASE.replace('  type: aurora\n', '  type: aurora\n  replicas: 2\n  replica_azs: [az-b]\n'),
    line: 6,
    field: 'engine.replica_azs',
    problem: 'lists 1 AZs for 2 replicas',
  },
  {
    name: 'a default AZ outside a custom region',
    text: `${BASE.replace('type: aurora', 'type: dynamodb')}region: { azs: [use1-az1, use1-az2] }\n`,
    line: 3,
    field: 'engine.home_az',
    problem: 'the default AZ `az-a` is not in region.azs (use1-az1, use1-az2); set home_az',
  },
  {
    name: 'dax without dynamodb',
    text: `${BASE}cache:\n  type: dax\n`,
    line: 8,
    field: 'cache.type',
    problem: 'a dax cache sits only in front of dynamodb, not aurora',
  },
  {
    name: 'a cache type nobody registered yet',
    text: `${BASE}cache: { type: redis-cluster }\n`,
    engines: [fakeAurora, fakeDynamo],
    line: 7,
    field: 'cache.type',
    problem: 'cache type redis-cluster is not available yet',
  },
  {
    name: 'an unknown cache option',
    text: `${BASE}cache: { type: redis-cluster, shard: 2 }\n`,
    line: 7,
    field: 'cache.shard',
    problem: 'unknown key `shard`; did you mean `shards`?',
  },
  {
    name: 'an unknown cache strategy',
    text: `${BASE}cache: { type: redis-cluster, strategy: write-back }\n`,
    line: 7,
    field: 'cache.strategy',
    problem: 'expected `cache-aside` or `write-through`, got "write-back"',
  },
];

describe('scenario format', () => {
  describe('bad input', () => {
    describe('in the syntax, top-level keys, region, engine and cache', () => {
      it.each(CASES.map((c) => [c.name, c] as const))('reports %s with its file, line and field', (_, c) => {
        expectReported(c);
      });

      it('covers many distinct kinds of bad input', () => {
        expect(new Set(CASES.map((c) => c.field)).size).toBeGreaterThanOrEqual(15);
      });
    });
  });
});
