import { describe, expect, it } from 'vitest';
import { HISTORY_BLOCK_BYTES, HistoryJsonlWriter, historyLine } from './history-jsonl.ts';
import { historyOf, read, write } from './measure/history.fixture.ts';

describe('reports', () => {
  describe('history jsonl', () => {
    it('writes each event as one JSON line with the corpus fields plus time_us, index and client', () => {
      const events = historyOf([write(3, 17, 1_000, 2_500), read(3, 1_200, 1_900, 17, 'ok', 'eventual')]);
      const lines = events.map((e) => historyLine(e, 'client-2'));
      for (const l of lines) expect(l.endsWith('}\n')).toBe(true);
      const parsed = lines.map((l) => JSON.parse(l));
      const w = events[0].op.process;
      const r = events[1].op.process;
      expect(parsed).toEqual([
        { process: w, type: 'invoke', f: 'write', key: 'k3', value: 17, time_us: 1_000, index: 0, client: 'client-2' },
        { process: r, type: 'invoke', f: 'read', key: 'k3', value: null, time_us: 1_200, index: 1, client: 'client-2', consistency: 'eventual' },
        { process: r, type: 'ok', f: 'read', key: 'k3', value: 17, time_us: 1_900, index: 2, client: 'client-2', consistency: 'eventual', attempts: 1 },
        { process: w, type: 'ok', f: 'write', key: 'k3', value: 17, time_us: 2_500, index: 3, client: 'client-2', attempts: 1 },
      ]);
    });

    it('writes a read of the never-written value as null, and fail and info with their error', () => {
      const events = historyOf([read(0, 10, 20, null), write(0, 5, 30, 40, 'fail'), write(0, 6, 50, 60, 'info')]);
      const parsed = events.map((e) => JSON.parse(historyLine(e, 'client-1')));
      expect(parsed.map((p) => [p.type, p.f, p.value, p.error])).toEqual([
        ['invoke', 'read', null, undefined],
        ['ok', 'read', null, undefined],
        ['invoke', 'write', 5, undefined],
        ['fail', 'write', 5, 'refused'],
        ['invoke', 'write', 6, undefined],
        ['info', 'write', 6, 'timeout'],
      ]);
    });

    it('escapes an error message so the line stays JSON', () => {
      const [inv] = historyOf([write(0, 1, 0, null)]);
      const line = historyLine({ ...inv, type: 'info', error: 'said "no"\nthen left', attempts: 3 }, 'client-1');
      expect(JSON.parse(line)).toMatchObject({ type: 'info', error: 'said "no"\nthen left', attempts: 3 });
      expect(line.split('\n')).toHaveLength(2);
    });

    it('writes in blocks the same bytes as one line per event, each block ending at a line end', () => {
      const events = historyOf([write(3, 17, 1_000, 2_500), read(3, 1_200, 1_900, 17, 'ok', 'eventual'), write(1, -4, 3_000, 9_000_000_000, 'info')]);
      // Long, non-ASCII errors so that lines cross block boundaries and one line is bigger than a block.
      const many = Array.from({ length: 3_000 }, (_, i) => ({ ...events[i % 3], index: i, error: i % 7 === 0 ? 'é→'.repeat(i) : events[i % 3].error }));
      many.push({ ...events[1], index: 3_000, error: 'x'.repeat(HISTORY_BLOCK_BYTES) });
      const blocks: Buffer[] = [];
      const w = new HistoryJsonlWriter((b) => blocks.push(Buffer.from(b)));
      for (const e of many) w.write(e, 'client-é');
      w.flush();
      expect(blocks.length).toBeGreaterThan(2);
      for (const b of blocks) expect(b[b.length - 1]).toBe(0x0a);
      expect(Buffer.concat(blocks).equals(Buffer.from(many.map((e) => historyLine(e, 'client-é')).join(''), 'utf8'))).toBe(true);
    });

    it('hands on nothing when no event was written', () => {
      const blocks: Uint8Array[] = [];
      new HistoryJsonlWriter((b) => blocks.push(b)).flush();
      expect(blocks).toEqual([]);
    });
  });
});
