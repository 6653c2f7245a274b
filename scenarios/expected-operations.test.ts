import { describe, expect, it } from 'vitest';
import type { LoadPhase } from '../sim/load-phases.ts';
import { CLOSED_LOOP_OP_US, expectedOperations } from './expected-operations.ts';
import type { WorkloadConfig } from './format/scenario.ts';

const S = 1e6;
const workload = (load: WorkloadConfig['load'], phases?: LoadPhase[]) => ({ load, ...(phases === undefined ? {} : { phases }) }) as WorkloadConfig;
const hold = (forS: number, ratePerS: number): LoadPhase => ({ durationUs: forS * S, load: { kind: 'open', ratePerS } });
const ramp = (forS: number, toPerS: number): LoadPhase => ({ durationUs: forS * S, load: { kind: 'ramp', toPerS } });

describe('estimate', () => {
  describe('expected operations', () => {
    it('is the rate times the time for an open loop without phases', () => {
      expect(expectedOperations(workload({ kind: 'open', ratePerS: 200 }), 90 * S)).toBe(18_000);
    });

    it('is the area under the phases, not the busiest rate held all run (the flash crowd)', () => {
      // 1 min at 50/s, 40 s at 2,000/s, a 10 s ramp back to 50/s that then holds to 3 min.
      const w = workload({ kind: 'open', ratePerS: 2_000 }, [hold(60, 50), hold(40, 2_000), ramp(10, 50)]);
      expect(expectedOperations(w, 180 * S)).toBe(3_000 + 80_000 + 10_250 + 70 * 50);
    });

    it('clips a phase the run ends inside, ramps included', () => {
      const w = workload({ kind: 'open', ratePerS: 100 }, [hold(10, 0), ramp(10, 100)]);
      // Half the ramp: the rate climbs 0 -> 50/s over 5 s.
      expect(expectedOperations(w, 15 * S)).toBeCloseTo(125, 9);
    });

    it("counts a concurrency phase's callers over one operation's nominal time", () => {
      const w = workload({ kind: 'closed', concurrency: 8 }, [hold(10, 100), { durationUs: 5 * S, load: { kind: 'closed', concurrency: 8 } }]);
      expect(expectedOperations(w, 15 * S)).toBe(1_000 + (8 * 5 * S) / CLOSED_LOOP_OP_US);
    });
  });
});
