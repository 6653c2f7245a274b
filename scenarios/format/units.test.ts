// Units: every duration, size and rate form, their errors, and formatting that reads back.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { UnitError, formatDuration, formatRate, formatSize, parseDuration, parseRate, parseSize } from './units.ts';

function problem(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UnitError);
    return (e as Error).message;
  }
  throw new Error('expected a UnitError');
}

describe('scenario format', () => {
  describe('units', () => {
    describe('durations', () => {
      it.each([
        ['250us', 250],
        ['1ms', 1_000],
        ['2.5ms', 2_500],
        ['1.1ms', 1_100],
        ['1s', 1_000_000],
        ['0.5s', 500_000],
        ['2m', 120_000_000],
        ['1h', 3_600_000_000],
        ['1m30s', 90_000_000],
        ['1h2m3s4ms5us', 3_723_004_005],
        ['0', 0],
        [0, 0],
        ['0s', 0],
        [' 5s ', 5_000_000],
      ] as const)('reads %j as %d microseconds', (text, us) => {
        expect(parseDuration(text)).toBe(us);
      });

      it('reads 1m30s as 90 seconds', () => {
        expect(parseDuration('1m30s')).toBe(90 * 1_000_000);
      });

      it('reads signed durations only where a sign is allowed', () => {
        expect(parseDuration('+2s', { signed: true })).toBe(2_000_000);
        expect(parseDuration('-500ms', { signed: true })).toBe(-500_000);
        expect(parseDuration('2s', { signed: true })).toBe(2_000_000);
        expect(parseDuration('-0', { signed: true })).toBe(0);
        expect(problem(() => parseDuration('+2s'))).toBe('expected a duration like 250ms, 1s or 1m30s, got "+2s": no sign is allowed here');
      });

      it('rejects negative durations', () => {
        expect(problem(() => parseDuration('-5s'))).toBe('a duration cannot be negative, got "-5s"');
        expect(problem(() => parseDuration(-5))).toBe('a duration cannot be negative, got -5');
      });

      it('rejects a bare non-zero number and says a unit is needed', () => {
        expect(problem(() => parseDuration(300))).toBe(
          'expected a duration like 250ms, 1s or 1m30s, got 300: a number needs a unit (us, ms, s, m or h), e.g. 300ms or 300s',
        );
        expect(problem(() => parseDuration('300'))).toMatch(/a number needs a unit/);
      });

      it.each(['fast', '5 s', '5S', '5sec', '1.s', '.5s', 's', '', '5ms5s', '30s1m', '1m1m', '++2s'])(
        'rejects %j with a message naming it',
        (text) => {
          const msg = problem(() => parseDuration(text, { signed: text.startsWith('+') }));
          expect(msg).toContain(JSON.stringify(text.trim()));
          expect(msg).not.toContain('\n');
        },
      );

      it('says units must go from largest to smallest', () => {
        expect(problem(() => parseDuration('30s1m'))).toMatch(/units must go from largest to smallest/);
      });

      it('rejects durations finer than a microsecond', () => {
        expect(problem(() => parseDuration('0.5us'))).toBe('"0.5us" is finer than the simulator\'s resolution of 1us');
        expect(problem(() => parseDuration('1.0001ms'))).toMatch(/finer than/);
      });

      it('rejects durations too long to count in microseconds', () => {
        expect(problem(() => parseDuration('99999999999h'))).toMatch(/too long/);
      });

      it('rejects non-finite numbers', () => {
        expect(problem(() => parseDuration(Infinity))).toMatch(/expected a duration/);
      });

      it.each([
        [0, '0s'],
        [250, '250us'],
        [1_500, '1.5ms'],
        [1_000_000, '1s'],
        [1_250_000, '1.25s'],
        [90_000_000, '1m30s'],
        [3_605_000_000, '1h5s'],
        [-500_000, '-500ms'],
      ])('formats %d microseconds as %s', (us, text) => {
        expect(formatDuration(us)).toBe(text);
      });

      it('reads back every duration it formats', () => {
        fc.assert(
          fc.property(fc.integer({ min: 0, max: 10 * 24 * 3_600_000_000 }), (us) => parseDuration(formatDuration(us)) === us),
        );
        fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (us) => parseDuration(formatDuration(us), { signed: true }) === us));
      });
    });

    describe('sizes', () => {
      it.each([
        ['512B', 512],
        ['1KB', 1024],
        ['1.5KB', 1536],
        ['2MB', 2 * 1024 * 1024],
        ['1GB', 1024 ** 3],
        ['0', 0],
        [0, 0],
      ] as const)('reads %j as %d bytes', (text, bytes) => {
        expect(parseSize(text)).toBe(bytes);
      });

      it('rejects a bare non-zero number', () => {
        expect(problem(() => parseSize(1024))).toBe(
          'expected a size like 512B, 1KB or 1.5MB, got 1024: a number needs a unit (B, KB, MB or GB), e.g. 1024B',
        );
      });

      it('explains that units are capitals without a space', () => {
        expect(problem(() => parseSize('1kb'))).toBe(
          'expected a size like 512B, 1KB or 1.5MB, got "1kb": units are B, KB, MB and GB, in capitals, with no space',
        );
        expect(problem(() => parseSize('1 KB'))).toMatch(/with no space/);
      });

      it('rejects fractions of a byte, negative sizes and words', () => {
        expect(problem(() => parseSize('1.5B'))).toBe('"1.5B" is not a whole number of bytes');
        expect(problem(() => parseSize('-1KB'))).toBe('a size cannot be negative, got "-1KB"');
        expect(problem(() => parseSize('big'))).toBe('expected a size like 512B, 1KB or 1.5MB, got "big"');
      });

      it.each([
        [0, '0B'],
        [512, '512B'],
        [1000, '1000B'],
        [1024, '1KB'],
        [1536, '1.5KB'],
        [16 * 1024 * 1024, '16MB'],
        [1024 ** 3, '1GB'],
      ])('formats %d bytes as %s', (bytes, text) => {
        expect(formatSize(bytes)).toBe(text);
      });

      it('reads back every size it formats', () => {
        fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 40 }), (b) => parseSize(formatSize(b)) === b));
      });
    });

    describe('rates', () => {
      it('reads 2000/s as 2000 per second', () => {
        expect(parseRate('2000/s')).toBe(2000);
        expect(parseRate('0.5/s')).toBe(0.5);
        expect(parseRate(0)).toBe(0);
      });

      it('rejects a bare number, other units and words', () => {
        expect(problem(() => parseRate(2000))).toBe('expected a rate like 2000/s, got 2000: a rate needs /s, e.g. 2000/s');
        expect(problem(() => parseRate('100/m'))).toBe('expected a rate like 2000/s, got "100/m"');
        expect(problem(() => parseRate('fast'))).toBe('expected a rate like 2000/s, got "fast"');
        expect(problem(() => parseRate('-5/s'))).toBe('a rate cannot be negative, got "-5/s"');
      });

      it('formats a rate as N/s', () => {
        expect(formatRate(2000)).toBe('2000/s');
      });
    });
  });
});
