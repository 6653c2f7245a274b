// Did-you-mean suggestions: the distance, the threshold, and the wording of unknown keys and names.

import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, unknownKeyMessage, unknownNameMessage } from './did-you-mean.ts';

describe('scenario format', () => {
  describe('did you mean', () => {
    it('counts a swap of two neighbouring letters as one edit', () => {
      expect(editDistance('duration', 'duraiton')).toBe(1);
      expect(editDistance('kitten', 'sitting')).toBe(3);
      expect(editDistance('', 'abc')).toBe(3);
    });

    it('suggests the closest allowed key for a misspelling', () => {
      expect(didYouMean('duraton', ['name', 'duration', 'warmup'])).toBe('duration');
      expect(didYouMean('wramup', ['name', 'duration', 'warmup'])).toBe('warmup');
    });

    it('ignores case and the difference between dashes and underscores', () => {
      expect(didYouMean('read-consistency', ['read_consistency', 'rate'])).toBe('read_consistency');
      expect(didYouMean('Duration', ['duration'])).toBe('duration');
    });

    it('suggests nothing when no candidate is close', () => {
      expect(didYouMean('xyz', ['for', 'at'])).toBeUndefined();
      expect(didYouMean('zzzzzz', ['duration'])).toBeUndefined();
    });

    it('words an unknown key with the suggestion, or with the allowed keys when none is close', () => {
      expect(unknownKeyMessage('duraton', ['name', 'duration'])).toBe('unknown key `duraton`; did you mean `duration`?');
      expect(unknownKeyMessage('qqq', ['name', 'duration'])).toBe('unknown key `qqq`; expected one of: name, duration');
    });

    it('words an unknown name with the known ones', () => {
      expect(unknownNameMessage('AZ', 'az-d', ['az-a', 'az-b'])).toBe('unknown AZ `az-d`; did you mean `az-a`? (known: az-a, az-b)');
    });
  });
});
