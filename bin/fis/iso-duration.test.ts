import { describe, expect, it } from 'vitest';
import { formatIsoDuration, parseIsoDuration } from './iso-duration.ts';

describe('fis > iso-8601 durations', () => {
  it('reads days, hours, minutes and fractional seconds', () => {
    expect(parseIsoDuration('PT10M')).toBe(600_000_000);
    expect(parseIsoDuration('PT1H30M')).toBe(5_400_000_000);
    expect(parseIsoDuration('PT1.5S')).toBe(1_500_000);
    expect(parseIsoDuration('P1DT1S')).toBe(86_401_000_000);
  });

  it('refuses what is not a duration', () => {
    for (const bad of ['PT10', 'P', 'PT', '10M', 'PT-1M', 'PT1M ', 'P1M', 'pt1m']) expect(parseIsoDuration(bad), bad).toBeNull();
  });

  it('writes the shortest form, and reads back what it writes', () => {
    expect(formatIsoDuration(90_000_000)).toBe('PT1M30S');
    expect(formatIsoDuration(7_200_000_000)).toBe('PT2H');
    expect(formatIsoDuration(500_000)).toBe('PT0.5S');
    for (const us of [1_000_000, 61_000_000, 43_200_000_000, 3_723_250_000]) expect(parseIsoDuration(formatIsoDuration(us))).toBe(us);
  });
});
