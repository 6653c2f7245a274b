import { describe, expect, it } from 'vitest';
import { History, type HistoryEvent } from './history.ts';
import type { Operation } from './operation.ts';

const op = (id: number, value: number | null): Operation => ({ id, kind: value === null ? 'read' : 'write', keyIndex: 0, key: 'k0', value, consistency: 'strong', sizeBytes: 8, clientIndex: 0, process: id, invokeUs: 0 });

describe('sim', () => {
  describe('history', () => {
    it('numbers events from 0 in the order they are recorded, stamped with the current time', () => {
      let now = 0;
      const h = new History(() => now);
      const seen: HistoryEvent[] = [];
      h.listen((e) => seen.push(e));
      h.invoke(op(1, 10));
      now = 5;
      h.invoke(op(2, null));
      now = 9;
      h.complete(op(2, null), 'ok', 10, 1);
      h.complete(op(1, 10), 'info', 10, 3, 'timeout');
      expect(seen.map((e) => [e.index, e.timeUs, e.type, e.op.id, e.value, e.attempts, e.error])).toEqual([
        [0, 0, 'invoke', 1, 10, undefined, undefined],
        [1, 5, 'invoke', 2, null, undefined, undefined],
        [2, 9, 'ok', 2, 10, 1, undefined],
        [3, 9, 'info', 1, 10, 3, 'timeout'],
      ]);
      expect(h.length).toBe(4);
    });

    it('tells every listener, in the order they registered', () => {
      const h = new History(() => 0);
      const calls: string[] = [];
      h.listen((e) => calls.push(`first:${e.index}`));
      h.listen((e) => calls.push(`second:${e.index}`));
      h.invoke(op(1, 1));
      expect(calls).toEqual(['first:0', 'second:0']);
    });
  });
});
