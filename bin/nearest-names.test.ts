import { describe, expect, it } from 'vitest';
import { editDistance, nearestNames } from './nearest-names.ts';
import { parseIntegerFlag } from './integer-flag.ts';

describe('cli > did you mean', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('crash', 'crsh')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests the nearest names first, and nothing for a name far from all of them', () => {
    const names = ['redis-primary-crash', 'redis-az-outage', 'aurora-writer-crash'];
    expect(nearestNames('redis-primary-crsh', names)).toEqual(['redis-primary-crash']);
    expect(nearestNames('postgres', names)).toEqual([]);
  });
});

describe('cli > integer flags', () => {
  it('quotes the value as typed when it is not a whole number', () => {
    expect(() => parseIntegerFlag('--seed', 'abc', 0)).toThrow("--seed must be an integer, got 'abc'");
    expect(() => parseIntegerFlag('--seed', '1.5', 0)).toThrow("got '1.5'");
    expect(() => parseIntegerFlag('--seed', '1e309', 0)).toThrow("got '1e309'");
    expect(() => parseIntegerFlag('--jobs', '0', 1)).toThrow('--jobs must be 1 or more, got 0');
    expect(parseIntegerFlag('--seed', ' 42 ', 0)).toBe(42);
    expect(parseIntegerFlag('--seed', undefined, 0)).toBeUndefined();
  });
});
