// For tests only: the frame of the bad-input tests. Each case is a scenario text and the exact
// file, line, field and problem its ScenarioError must name.
// Leaves out: the cases themselves (bad-input-*.test.ts).

import { expect } from 'vitest';
import type { EngineFactory } from '../../engines/engine.ts';
import { loadScenario } from './load-scenario.ts';
import { ScenarioError } from './scenario-error.ts';
import { FAKE_ENGINES } from './fake-engines.fixture.ts';

export const FILE = 'scenarios/bad.yaml';

/** Lines 1-6 of every case; each case adds lines from 7 on, or writes its own text. */
export const BASE = `name: t
duration: 10m
engine:
  type: aurora
workload:
  rate: 100/s
`;

export interface Case {
  name: string;
  text: string;
  line: number;
  field: string;
  /** The exact problem, or a pattern it must match. */
  problem: string | RegExp;
  file?: string;
  engines?: readonly EngineFactory[];
  seedOverride?: number;
}

export function thrown(c: Case): ScenarioError {
  try {
    loadScenario(c.text, c.file ?? FILE, { engines: c.engines ?? FAKE_ENGINES, seedOverride: c.seedOverride });
  } catch (e) {
    if (e instanceof ScenarioError) return e;
    throw e;
  }
  throw new Error(`loaded without an error: ${c.name}`);
}

/** Asserts the case's error, field by field, and that its message is the one-line form. */
export function expectReported(c: Case): void {
  const e = thrown(c);
  const file = c.file ?? FILE;
  expect({ file: e.file, line: e.line, field: e.field }).toEqual({ file, line: c.line, field: c.field });
  if (typeof c.problem === 'string') expect(e.problem).toBe(c.problem);
  else expect(e.problem).toMatch(c.problem);
  expect(e.message).toBe(`${file}:${c.line}: ${c.field}: ${e.problem}`);
  expect(e.message).not.toMatch(/[\r\n]/);
}
