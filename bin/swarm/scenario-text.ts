// A swarm run as a plain scenario file: the base scenario with the seed, the generated faults
// (replacing its own), and the shrinker's changes (fewer clients, a shorter duration), plus
// `expect:` entries for the properties a summary row can show, so `faultline run` on the file
// exits 1 where the swarm saw the property fail. The liveness property cannot be written as an
// expectation (it looks at the final seconds of the run); the header comment names it.

import YAML from 'yaml';
import { faultEntry, type GenFault } from './schedule.ts';

export interface RunShape {
  seed: number;
  faults: readonly GenFault[];
  /** Total clients, when the shrinker lowered them (else the base file's). */
  clients?: number;
  /** Duration in µs, when the shrinker shortened it. */
  durationUs?: number;
}

/** The base scenario's text, parsed once (YAML or JSON). */
export function parseBase(text: string): Record<string, unknown> {
  return YAML.parse(text) as Record<string, unknown>;
}

export function scenarioText(base: Record<string, unknown>, run: RunShape, expect: Record<string, unknown>, header: readonly string[]): string {
  const doc: Record<string, unknown> = { ...base };
  doc.name = `${String(base.name)}-seed-${run.seed}`;
  doc.description = `faultline swarm of ${String(base.name)}, seed ${run.seed}: ${run.faults.length} fault${run.faults.length === 1 ? '' : 's'}`;
  doc.seed = run.seed;
  if (run.durationUs !== undefined) doc.duration = `${Math.round(run.durationUs / 1000)}ms`;
  if (run.clients !== undefined) doc.workload = { ...(base.workload as Record<string, unknown>), clients: run.clients };
  doc.faults = run.faults.map(faultEntry);
  doc.expect = expect;
  const body = YAML.stringify(doc, { lineWidth: 0 });
  return header.map((h) => `# ${h}\n`).join('') + body;
}

