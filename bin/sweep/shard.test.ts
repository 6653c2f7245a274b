import { describe, expect, it } from 'vitest';
import { inShard, parseShard, resolveShard, shardSize, shardText } from './shard.ts';

function errorOf(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('sweep shards', () => {
  it('reads i/N, 1-based', () => {
    expect(parseShard('1/4')).toEqual({ index: 1, count: 4 });
    expect(parseShard('4/4')).toEqual({ index: 4, count: 4 });
    expect(parseShard(' 2 / 3 ')).toEqual({ index: 2, count: 3 });
    expect(shardText(parseShard('3/8'))).toBe('3/8');
  });

  it.each([
    ['3/2', /between 1 and 2/],
    ['0/0', /at least 1/],
    ['0/4', /between 1 and 4/],
    ['1/0', /at least 1/],
    ['2', /expected i\/N/],
    ['a/b', /expected i\/N/],
    ['-1/4', /expected i\/N/],
    ['1.5/4', /expected i\/N/],
    ['', /expected i\/N/],
  ])('refuses %j with a one-line reason', (text, reason) => {
    const e = errorOf(() => parseShard(text));
    expect(e.name).toBe('SweepInputError');
    expect(e.message).toMatch(/^--shard /);
    expect(e.message).toMatch(reason);
  });

  it('puts every run in exactly one shard, with sizes as shardSize says', () => {
    for (const count of [1, 2, 3, 4, 7]) {
      for (const total of [0, 1, 5, 16, 23]) {
        const owners = Array.from({ length: total }, (_, run) => {
          const mine = [];
          for (let i = 1; i <= count; i++) if (inShard(run, { index: i, count })) mine.push(i);
          return mine;
        });
        expect(owners.every((o) => o.length === 1)).toBe(true);
        for (let i = 1; i <= count; i++) expect(owners.filter((o) => o[0] === i).length).toBe(shardSize(total, { index: i, count }));
      }
    }
  });

  it('assigns run i to shard (i mod N) + 1', () => {
    expect([0, 1, 2, 3, 4, 5].filter((r) => inShard(r, { index: 2, count: 4 }))).toEqual([1, 5]);
  });
});

describe('sweep shards > from batch systems', () => {
  it('reads a Kubernetes Indexed Job index (0-based) with the count from --shard-count', () => {
    expect(resolveShard({ shard: 'auto', shardCount: 4 }, { JOB_COMPLETION_INDEX: '0' })).toEqual({ index: 1, count: 4 });
    expect(resolveShard({ shard: 'auto', shardCount: 4 }, { JOB_COMPLETION_INDEX: '3' })).toEqual({ index: 4, count: 4 });
  });

  it('reads an AWS Batch array index and size from the environment', () => {
    expect(resolveShard({ shard: 'auto' }, { AWS_BATCH_JOB_ARRAY_INDEX: '2', AWS_BATCH_JOB_ARRAY_SIZE: '10' })).toEqual({ index: 3, count: 10 });
    expect(resolveShard({ shard: 'auto' }, { JOB_COMPLETION_INDEX: '1', JOB_COMPLETIONS: '5' })).toEqual({ index: 2, count: 5 });
  });

  it('takes a GitHub Actions matrix index from --shard-index and --shard-count', () => {
    expect(resolveShard({ shardIndex: 0, shardCount: 2 }, {})).toEqual({ index: 1, count: 2 });
    expect(resolveShard({ shard: '2/3' }, { JOB_COMPLETION_INDEX: '0' })).toEqual({ index: 2, count: 3 });
    expect(resolveShard({}, {})).toEqual({ index: 1, count: 1 });
  });

  it.each([
    [{ shard: 'auto' }, {}, /neither JOB_COMPLETION_INDEX/],
    [{ shard: 'auto' }, { JOB_COMPLETION_INDEX: '1' }, /add --shard-count/],
    [{ shard: 'auto', shardCount: 4 }, { JOB_COMPLETION_INDEX: '4' }, /between 0 and 3/],
    [{ shard: 'auto', shardCount: 4 }, { JOB_COMPLETION_INDEX: 'x' }, /not a whole number/],
    [{ shard: 'auto' }, { AWS_BATCH_JOB_ARRAY_INDEX: '1', AWS_BATCH_JOB_ARRAY_SIZE: '0' }, /1 or more/],
    [{ shard: 'auto', shardCount: 2 }, { AWS_BATCH_JOB_ARRAY_INDEX: '1', JOB_COMPLETION_INDEX: '1' }, /both/],
    [{ shardIndex: 1 }, {}, /also give --shard-count/],
    [{ shardIndex: -1, shardCount: 2 }, {}, /from 0/],
    [{ shardIndex: 2, shardCount: 2 }, {}, /between 0 and 1/],
    [{ shardCount: 0, shard: 'auto' }, { JOB_COMPLETION_INDEX: '0' }, /1 or more/],
    [{ shardCount: 3 }, {}, /also give --shard auto/],
    [{ shard: '1/2', shardIndex: 0, shardCount: 2 }, {}, /not both/],
  ])('refuses %o with %o in one line', (flags, env, message) => {
    const e = errorOf(() => resolveShard(flags, env));
    expect(e.name).toBe('SweepInputError');
    expect(e.message).toMatch(message);
  });
});
