// Test helpers: load a bundled scenario by name, optionally with another seed or options.

import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { prepareScenario } from '../scenarios/prepare.ts';
import type { Scenario } from '../scenarios/format/scenario.ts';

export const SCENARIOS_DIR = fileURLToPath(new URL('../scenarios/', import.meta.url));

export function bundledNames(): string[] {
  return fs
    .readdirSync(SCENARIOS_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.replace(/\.yaml$/, ''))
    .sort();
}

export function loadBundled(name: string, seed?: number): Scenario {
  const file = `${SCENARIOS_DIR}${name}.yaml`;
  return prepareScenario(fs.readFileSync(file, 'utf8'), `scenarios/${name}.yaml`, { seedOverride: seed }).scenario;
}

/** Loads scenario YAML text (with the real engines), as a user's file would be. */
export function loadText(text: string, seed?: number): Scenario {
  return prepareScenario(text, 'test.yaml', { seedOverride: seed }).scenario;
}

/** A copy of `s` with some engine options replaced (values already in internal units). */
export function withOptions(s: Scenario, options: Record<string, unknown>): Scenario {
  return { ...s, engine: { ...s.engine, options: { ...s.engine.options, ...options } } };
}

/** A copy of `s` with a lighter open-loop load (mechanism tests that do not depend on load). */
export function withRate(s: Scenario, ratePerS: number): Scenario {
  return { ...s, workload: { ...s.workload, load: { kind: 'open', ratePerS } } };
}

/** A bundled scenario, shorter and lighter (`durationS` of workload at `ratePerS`). */
export function shorterBundled(name: string, durationS: number, ratePerS: number): Scenario {
  return { ...withRate(loadBundled(name), ratePerS), durationUs: durationS * 1e6 };
}
