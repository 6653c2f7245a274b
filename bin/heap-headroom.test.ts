import { describe, expect, it } from 'vitest';
import { headroomFlagFor, LONG_RUN_OPERATIONS } from './heap-headroom.ts';
import { estimateFor } from '../scenarios/estimate.ts';
import { loadBundled } from '../test/bundled.ts';

describe('run > heap headroom', () => {
  it('keeps V8 defaults for a run shorter than a long one', () => {
    expect(headroomFlagFor(LONG_RUN_OPERATIONS - 1)).toBeNull();
    expect(headroomFlagFor(0)).toBeNull();
  });

  it('caps the heap growing factor at 1.5 for a long run', () => {
    expect(headroomFlagFor(LONG_RUN_OPERATIONS)).toBe('--heap-growing-percent=50');
    expect(headroomFlagFor(1.7e8)).toBe('--heap-growing-percent=50');
  });

  it('leaves every bundled writer-crash scenario on the defaults (they are short)', () => {
    for (const name of ['rds-multi-az-writer-crash', 'aurora-writer-crash']) {
      const s = loadBundled(name, 1);
      expect(headroomFlagFor(estimateFor(s, 1_000_000).operations)).toBeNull();
    }
  });
});
