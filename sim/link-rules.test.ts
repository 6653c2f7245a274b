import { describe, expect, it } from 'vitest';
import { LinkRules, membership } from './link-rules.ts';

describe('sim', () => {
  describe('link rules', () => {
    it('builds a membership array from endpoint ids', () => {
      expect([...membership(5, [1, 3])]).toEqual([0, 1, 0, 1, 0]);
    });

    it('blocks only the directed pairs a block rule names', () => {
      const r = new LinkRules();
      r.add('block', membership(4, [0, 1]), membership(4, [2]));
      expect(r.blocked(0, 2)).toBe(true);
      expect(r.blocked(1, 2)).toBe(true);
      expect(r.blocked(2, 0)).toBe(false);
      expect(r.blocked(0, 1)).toBe(false);
    });

    it('does not treat loss or latency rules as partitions, but lists them for the link', () => {
      const r = new LinkRules();
      const loss = r.add('loss', membership(2, [0]), membership(2, [1]), 0.5);
      const lat = r.add('latency', membership(2, [0]), membership(2, [1]), 1, 700);
      expect(r.blocked(0, 1)).toBe(false);
      expect(r.matching(0, 1).map((x) => x.id)).toEqual([loss, lat]);
      expect(r.matching(0, 1)[1].addUs).toBe(700);
      expect(r.matching(1, 0)).toEqual([]);
    });

    it('ignores endpoints registered after the rule was made (beyond its membership arrays)', () => {
      const r = new LinkRules();
      r.add('block', membership(2, [0, 1]), membership(2, [0, 1]));
      expect(r.blocked(0, 5)).toBe(false);
      expect(r.blocked(5, 0)).toBe(false);
    });

    it('removes a rule by its id and counts the active ones', () => {
      const r = new LinkRules();
      const a = r.add('block', membership(2, [0]), membership(2, [1]));
      const b = r.add('block', membership(2, [1]), membership(2, [0]));
      expect(r.active).toBe(2);
      r.remove(a);
      expect(r.active).toBe(1);
      expect(r.blocked(0, 1)).toBe(false);
      expect(r.blocked(1, 0)).toBe(true);
      r.remove(b);
      expect(r.active).toBe(0);
    });
  });
});
