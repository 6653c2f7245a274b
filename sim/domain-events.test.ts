import { describe, expect, it } from 'vitest';
import { EventLog, type SimEvent } from './event-log.ts';
import { domainEvents } from './domain-events.ts';

describe('sim', () => {
  describe('domain events', () => {
    it('writes each step to the log under the domain it is bound to', () => {
      const log = new EventLog(() => 42);
      const seen: SimEvent[] = [];
      log.listen((e) => seen.push(e));
      domainEvents(log, 'shard-1')('promoted', 'node-2', 'new primary');
      expect(seen).toEqual([{ timeUs: 42, kind: 'promoted', node: 'node-2', domain: 'shard-1', detail: 'new primary' }]);
    });
  });
});
