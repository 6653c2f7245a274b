import { describe, expect, it } from 'vitest';
import { formatCell } from './format-number.ts';

describe('reports', () => {
  describe('format number', () => {
    it('writes integers as they are', () => {
      expect([0, 7, -3, 1_234_567_890, 2 ** 53].map(formatCell)).toEqual(['0', '7', '-3', '1234567890', '9007199254740992']);
    });

    it('rounds other numbers to 6 decimals, without trailing zeros', () => {
      expect(formatCell(0.1 + 0.2)).toBe('0.3');
      expect(formatCell(1 / 3)).toBe('0.333333');
      expect(formatCell(2 / 3)).toBe('0.666667');
      expect(formatCell(12.5)).toBe('12.5');
      expect(formatCell(-0.0000015)).toBe('-0.000001');
      expect(formatCell(0.0000015)).toBe('0.000002');
      expect(formatCell(99.9999996)).toBe('100');
    });

    it('writes a number that rounds to zero as 0, never -0', () => {
      expect(formatCell(0.0000004)).toBe('0');
      expect(formatCell(-0.0000004)).toBe('0');
      expect(formatCell(-0)).toBe('0');
    });

    it('writes null, undefined, NaN and infinities as an empty cell', () => {
      expect([null, undefined, NaN, Infinity, -Infinity].map(formatCell)).toEqual(['', '', '', '', '']);
    });

    it('writes strings and booleans as they are', () => {
      expect([formatCell('CP'), formatCell(true), formatCell(false), formatCell('unknown')]).toEqual(['CP', 'true', 'false', 'unknown']);
    });
  });
});
