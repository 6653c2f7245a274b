import { describe, expect, it } from 'vitest';
import { EventLog, type SimEvent } from './event-log.ts';

describe('sim', () => {
  describe('event log', () => {
    it('stamps each event with the current time and its kind, keeping the given fields', () => {
      let now = 100;
      const log = new EventLog(() => now);
      const seen: SimEvent[] = [];
      log.listen((e) => seen.push(e));
      log.emit('failure-detected', { node: 'db-1', domain: 'db' });
      now = 250;
      log.emit('promoted', { node: 'db-2', detail: 'standby promoted' });
      log.emit('dns-updated');
      expect(seen).toEqual([
        { timeUs: 100, kind: 'failure-detected', node: 'db-1', domain: 'db' },
        { timeUs: 250, kind: 'promoted', node: 'db-2', detail: 'standby promoted' },
        { timeUs: 250, kind: 'dns-updated' },
      ]);
      expect(log.count).toBe(3);
    });

    it('counts events even with no listener', () => {
      const log = new EventLog(() => 0);
      log.emit('elected');
      log.emit('leader');
      expect(log.count).toBe(2);
    });
  });
});
