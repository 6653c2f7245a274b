import { describe, expect, it, vi } from 'vitest';
import { formatSeconds, SweepProgress } from './progress.ts';

describe('sweep progress', () => {
  it('draws a bar with counts, percentage and an ETA from the pace so far', () => {
    expect(SweepProgress.line('sweep x', 25, 100, 10)).toBe(`sweep x [${'#'.repeat(8)}${'.'.repeat(22)}] 25/100 25% eta 30s`);
    expect(SweepProgress.line('sweep x', 0, 100, 3)).toMatch(/0\/100 0% eta \?$/);
    expect(SweepProgress.line('sweep x', 100, 100, 50)).toMatch(/\[#{30}\] 100\/100 100% eta 0s$/);
  });

  it('writes durations in s, m and h', () => {
    expect([formatSeconds(4.4), formatSeconds(59.6), formatSeconds(119.6), formatSeconds(3725)]).toEqual(['4s', '1m00s', '2m00s', '1h02m']);
  });

  it('draws nothing when stderr is not a terminal', () => {
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const p = new SweepProgress('x', { isTTY: false });
    p.update(1, 2);
    p.update(2, 2);
    p.done();
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });
});
