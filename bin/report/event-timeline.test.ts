import { describe, expect, it } from 'vitest';
import { timelineEvents } from './event-timeline.ts';

describe('report > event timeline', () => {
  it('leaves fault starts and ends to the shading and marks every other event', () => {
    const rows = [
      { time_s: 1, kind: 'fault-start' },
      { time_s: 2, kind: 'failure-detected' },
      { time_s: 3, kind: 'promoted' },
      { time_s: 4, kind: 'fault-end' },
      { time_s: 5, kind: 'an-older-kind' },
    ];
    expect(timelineEvents(rows).map((r) => r.kind)).toEqual(['failure-detected', 'promoted', 'an-older-kind']);
  });
});
