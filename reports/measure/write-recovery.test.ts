import { describe, expect, it } from 'vitest';
import { WriteRecovery } from './write-recovery.ts';

/** Plays writes (client, invokeUs, ok) completed in the order given, then ends the workload at `endUs`. */
function recoveryOf(writes: [client: number, invokeUs: number, ok: boolean][], endUs: number): WriteRecovery {
  const r = new WriteRecovery();
  const handles = writes.map(([c, t]) => r.invoked(c, t));
  writes.forEach(([c, , ok], i) => r.completed(c, handles[i], ok));
  r.finish(endUs);
  return r;
}

describe('reports', () => {
  describe('write recovery (measured RTO)', () => {
    it('runs from the fault to the moment the last hurt client wrote successfully again', () => {
      const r = recoveryOf([
        [0, 50, true],
        [0, 110, false],
        [0, 150, true],
        [1, 120, false],
        [1, 180, false],
        [1, 260, true],
      ], 1000);
      expect(r.recovery(100, 200).rtoUs).toBe(160);
    });

    it('is 0 when no client lost a write while the fault was active', () => {
      const r = recoveryOf([
        [0, 50, false],
        [0, 60, true],
        [0, 500, false],
        [0, 510, true],
      ], 1000);
      expect(r.recovery(100, 200).rtoUs).toBe(0);
    });

    it('is unknown (null) when a hurt client never wrote again before the workload ended', () => {
      const r = recoveryOf([
        [0, 110, false],
        [1, 120, false],
        [1, 130, true],
      ], 1000);
      expect(r.recovery(100, 200).rtoUs).toBeNull();
    });

    it('leaves out the clients the caller does not count', () => {
      const r = recoveryOf([
        [0, 110, false],
        [1, 120, false],
        [1, 130, true],
      ], 1000);
      expect(r.recovery(100, 200, (c) => c !== 0).rtoUs).toBe(30);
    });
  });
});
