// Robustness: whatever the text, loading either returns a scenario or throws a one-line
// ScenarioError; never another exception, never a hang.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadScenario } from './load-scenario.ts';
import { ScenarioError } from './scenario-error.ts';
import { FAKE_ENGINES } from './fake-engines.fixture.ts';
import { EXAMPLE } from './example.fixture.ts';

function outcome(text: string, file = 'fuzz.yaml'): 'ok' | 'error' {
  try {
    loadScenario(text, file, { engines: FAKE_ENGINES });
    return 'ok';
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    expect(e.message).not.toMatch(/[\r\n]/);
    expect(e.message.startsWith(`${file}:${e.line}: `)).toBe(true);
    expect(e.line).toBeGreaterThanOrEqual(1);
    return 'error';
  }
}

const TOKENS = ['', '0', '-1', '1.5', 'x', '~', '[]', '{}', '[1, 2]', '"', ':', '- ', '  ', '\t', '&a', '*a', '!tag', '1m', '+2s', '1KB', '9/s', 'true', '\n'];

describe('scenario format', () => {
  describe('robustness', () => {
    it('loads the example, or fails with a ScenarioError, after any one-line edit', () => {
      const lines = EXAMPLE.split('\n');
      fc.assert(
        fc.property(fc.nat(lines.length - 1), fc.constantFrom(...TOKENS), fc.nat(80), (i, token, col) => {
          const edited = [...lines];
          const line = edited[i];
          const at = Math.min(col, line.length);
          edited[i] = line.slice(0, at) + token + line.slice(at + (col % 3));
          outcome(edited.join('\n'));
        }),
        { numRuns: 250, seed: 1 },
      );
    });

    it('never throws anything but a ScenarioError for arbitrary text', () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 200 }), (text) => {
          outcome(text);
          outcome(text, 'fuzz.json');
        }),
        { numRuns: 200, seed: 2 },
      );
    });
  });
});
