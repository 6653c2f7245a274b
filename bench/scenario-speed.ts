// Simulated events per wall-clock second of a bundled scenario, measured in-process on a
// second run (the first warms up the JIT), with no output written.

import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { prepareScenario } from '../scenarios/prepare.ts';
import { runScenario } from '../scenarios/run.ts';

export function scenarioSpeed(name: string) {
  const file = fileURLToPath(new URL(`../scenarios/${name}.yaml`, import.meta.url));
  const s = prepareScenario(fs.readFileSync(file, 'utf8'), file).scenario;
  runScenario(s);
  const t0 = performance.now();
  const r = runScenario(s);
  const seconds = (performance.now() - t0) / 1000;
  return {
    bench: 'scenario-speed',
    scenario: name,
    sim_events: r.simEvents,
    ops: r.summary.ops,
    wall_s: Number(seconds.toFixed(3)),
    events_per_s: Math.round(r.simEvents / seconds),
    ops_per_s: Math.round((r.summary.ops as number) / seconds),
    target_events_per_s: 1_000_000,
  };
}
