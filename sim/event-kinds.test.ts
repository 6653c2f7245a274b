import { describe, expect, it } from 'vitest';
import { EVENT_KIND_INFO, eventKindInfo, type EventKind } from './event-kinds.ts';
import { EventLog } from './event-log.ts';
import { domainEvents } from './domain-events.ts';

describe('sim', () => {
  describe('event kinds', () => {
    it('refuse an undeclared kind at compile time, at the log and at a domain emitter', () => {
      const log = new EventLog(() => 0);
      const emit = domainEvents(log, 'db');
      // @ts-expect-error a misspelt kind is not an EventKind
      log.emit('promted');
      // @ts-expect-error a misspelt kind is not an EventKind
      emit('failure-detcted', 'db-1', 'x');
      expect(log.count).toBe(2);
    });

    it('credit detection to failure-detected only, and restoration to promoted, leader and recovered', () => {
      const kinds = (credit: string) => (Object.keys(EVENT_KIND_INFO) as EventKind[]).filter((k) => EVENT_KIND_INFO[k].credit === credit);
      expect(kinds('detection')).toEqual(['failure-detected']);
      expect(kinds('restoration')).toEqual(['promoted', 'leader', 'recovered']);
    });

    it('give a fault\'s start and end, and nothing else, the fault category', () => {
      const faults = (Object.keys(EVENT_KIND_INFO) as EventKind[]).filter((k) => EVENT_KIND_INFO[k].category === 'fault');
      expect(faults).toEqual(['fault-start', 'fault-end']);
    });

    it('know nothing of a name read back that was never declared', () => {
      expect(eventKindInfo('promoted')?.category).toBe('promotion');
      expect(eventKindInfo('toString')).toBeUndefined();
      expect(eventKindInfo('no-such-kind')).toBeUndefined();
    });
  });
});
