import { describe, expect, it } from 'vitest';
import { csvHeader, csvRows } from './csv.ts';

describe('reports', () => {
  describe('csv', () => {
    it('writes the header line from the column names', () => {
      expect(csvHeader(['a', 'b', 'c'])).toBe('a,b,c\n');
    });

    it('writes one line per row in column order, with cells formatted as figures', () => {
      const rows = [
        { b: 1 / 3, a: 'x', c: null },
        { a: 'y', b: 2, c: NaN },
        { a: 'z', b: Infinity, c: true },
      ];
      expect(csvRows(['a', 'b', 'c'], rows)).toBe('x,0.333333,\ny,2,\nz,,true\n');
    });

    it('writes an empty cell for a column the row lacks', () => {
      expect(csvRows(['a', 'missing'], [{ a: 1 }])).toBe('1,\n');
    });

    it('quotes cells that hold commas, quotes or line breaks', () => {
      expect(csvRows(['detail'], [{ detail: 'partition [a] | [b, c]' }, { detail: 'say "hi"' }])).toBe('"partition [a] | [b, c]"\n"say ""hi"""\n');
    });

    it('writes nothing for no rows', () => {
      expect(csvRows(['a'], [])).toBe('');
    });
  });
});
