// Every bundled scenario's `expect` block holds for its own seed, as `faultline run` would judge it.
// Split over two test files (by name) so the two halves run in parallel.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../scenarios/run.ts';
import { describeExpectation } from '../reports/expectations.ts';
import { bundledNames, loadBundled } from './bundled.ts';

export function expectationsHold(half: 0 | 1): void {
  const names = bundledNames().filter((_, i) => i % 2 === half);
  describe('bundled scenarios > expectations', () => {
    for (const name of names) {
      it(`${name} meets every expectation it states`, () => {
        const s = loadBundled(name);
        expect(s.expect.length).toBeGreaterThan(0);
        const failed = runScenario(s).expectations.filter((e) => !e.ok).map(describeExpectation);
        expect(failed).toEqual([]);
      });
    }
  });
}
