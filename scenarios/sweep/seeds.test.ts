import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatSeeds, MAX_RUNS, parseSeeds } from './seeds.ts';

describe('sweep seeds', () => {
  it('reads single seeds, lists, ranges and lists of ranges', () => {
    expect(parseSeeds('5')).toEqual([5]);
    expect(parseSeeds('1,2,7')).toEqual([1, 2, 7]);
    expect(parseSeeds('1..5')).toEqual([1, 2, 3, 4, 5]);
    expect(parseSeeds('1..3,20..22')).toEqual([1, 2, 3, 20, 21, 22]);
    expect(parseSeeds('0')).toEqual([0]);
    expect(parseSeeds(' 3 , 1..2 ')).toEqual([1, 2, 3]);
    expect(parseSeeds('1..1000')).toHaveLength(1000);
  });

  it('sorts the seeds, so the row order is numeric whatever the order written', () => {
    expect(parseSeeds('20..22,7,1..2')).toEqual([1, 2, 7, 20, 21, 22]);
  });

  it.each([
    ['', /got nothing/],
    ['x', /"x" is not a seed/],
    ['-1', /"-1" is not a seed/],
    ['1.5', /range|not a seed/],
    ['10..1', /runs backwards \(write 1\.\.10\)/],
    ['1..', /needs both ends/],
    ['..5', /needs both ends/],
    ['1...5', /not a seed/],
    ['1,,2', /empty item/],
    ['1,2,', /empty item/],
    ['1..10,5', /seed 5 is listed twice/],
    ['3,3', /seed 3 is listed twice/],
    ['1..5,5..9', /seed 5 is listed twice/],
    ['99999999999999999999', /too large/],
    [`1..${MAX_RUNS + 1}`, /more than 100000 seeds/],
  ])('refuses %j with a one-line reason', (spec, reason) => {
    let err: Error | undefined;
    try {
      parseSeeds(spec);
    } catch (e) {
      err = e as Error;
    }
    expect(err?.name).toBe('SweepInputError');
    expect(err!.message).toMatch(/^--seeds/);
    expect(err!.message).toMatch(reason);
    expect(err!.message).not.toContain('\n');
  });

  it('writes the canonical short form', () => {
    expect(formatSeeds([1, 2, 3, 4, 5])).toBe('1..5');
    expect(formatSeeds([1, 2, 7])).toBe('1,2,7');
    expect(formatSeeds([1, 2, 3, 20, 21, 22, 30])).toBe('1..3,20..22,30');
    expect(formatSeeds([])).toBe('');
  });

  it('reads back what it writes', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 500 }), { minLength: 1, maxLength: 60 }), (xs) => {
        const sorted = [...xs].sort((a, b) => a - b);
        expect(parseSeeds(formatSeeds(sorted))).toEqual(sorted);
      }),
    );
  });
});
