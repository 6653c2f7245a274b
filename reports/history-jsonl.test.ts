import { describe, expect, it } from 'vitest';
import { historyLine } from './history-jsonl.ts';
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
  });
});
