import { describe, expect, it } from 'vitest';
import { EVENT_COLUMNS, eventRow } from './events-table.ts';
import { csvRows } from './csv.ts';

describe('reports', () => {
  describe('events table', () => {
    it('writes an event with its time in seconds and empty cells for the fields it lacks', () => {
      const row = eventRow({ timeUs: 12_345_678, kind: 'promoted', node: 'db-2', domain: 'db' });
      expect(row).toEqual({ time_s: 12.345678, kind: 'promoted', node: 'db-2', domain: 'db', fault: null, detail: null });
      expect(csvRows(EVENT_COLUMNS, [row])).toBe('12.345678,promoted,db-2,db,,\n');
      expect(csvRows(EVENT_COLUMNS, [eventRow({ timeUs: 0, kind: 'fault-start', fault: 0, detail: 'crash writer' })])).toBe('0,fault-start,,,0,crash writer\n');
    });
  });
});
