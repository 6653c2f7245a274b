import { describe, expect, it } from 'vitest';
import { OpStats } from './op-stats.ts';

describe('reports', () => {
  describe('op stats', () => {
    it('gives availability as ok over invoked per kind, null when none was invoked', () => {
      const s = new OpStats();
      expect(s.read.availability).toBeNull();
      s.write.invoked = 4;
      s.write.ok = 3;
      s.read.invoked = 2;
      s.read.ok = 2;
      expect(s.write.availability).toBe(0.75);
      expect(s.read.availability).toBe(1);
      expect([s.invoked, s.ok]).toEqual([6, 5]);
      expect(s.of('read')).toBe(s.read);
      expect(s.of('write')).toBe(s.write);
    });
  });
});
