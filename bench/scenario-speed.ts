// Simulated events per wall-clock second of a bundled scenario, measured in-process on a
// second run (the first warms up the JIT), with no output written.

import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { prepareScenario } from '../scenarios/prepare.ts';
import { runScenario } from '../scenarios/run.ts';

/**
 * One cold run (the JIT still warming up), then three warm runs whose median is the figure.
 * Each run is the whole of runScenario: simulation, measurement and the linearizability check.
 */
export function scenarioSpeed(name: string) {
  const file = fileURLToPath(new URL(`../scenarios/${name}.yaml`, import.meta.url));
  const s = prepareScenario(fs.readFileSync(file, 'utf8'), file).scenario;
  const timed = () => {
    const t0 = performance.now();
    const r = runScenario(s);
    return { r, seconds: (performance.now() - t0) / 1000 };
  };
  const cold = timed();
  const warm = [timed(), timed(), timed()].sort((a, b) => a.seconds - b.seconds);
  const median = warm[1];
  return {
    bench: 'scenario-speed',
    scenario: name,
    sim_events: median.r.simEvents,
    ops: median.r.summary.ops,
    cold_wall_s: Number(cold.seconds.toFixed(3)),
    cold_events_per_s: Math.round(cold.r.simEvents / cold.seconds),
    wall_s: Number(median.seconds.toFixed(3)),
    events_per_s: Math.round(median.r.simEvents / median.seconds),
    ops_per_s: Math.round((median.r.summary.ops as number) / median.seconds),
    target_events_per_s: 2_500_000, // warm, issue 15
  };
}
