// Simulated events per wall-clock second of a bundled scenario, measured in-process on warm runs
// (the first ones warm up the JIT) of the built JavaScript, with no output written. A simulated event is one the
// scheduler ran (RunResult.simEvents: cancelled ones do not count). On a shared machine the wall
// figure moves with the load, so each run's CPU time (the whole process) and the load average
// are printed beside it.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureBuilt } from './ensure-built.ts';

type Prepare = typeof import('../scenarios/prepare.ts');
type Run = typeof import('../scenarios/run.ts');

/**
 * The simulator as `npx faultline` runs it: the JavaScript `npm ci` builds into dist/ (built first
 * when stale), not the sources through tsx (whose transpiled code is slower to run).
 */
export async function distSimulator(): Promise<{ prepareScenario: Prepare['prepareScenario']; runScenario: Run['runScenario'] }> {
  const { dist } = ensureBuilt();
  const load = (f: string) => import(pathToFileURL(path.join(dist, f)).href);
  const [{ prepareScenario }, { runScenario }] = (await Promise.all([load('scenarios/prepare.js'), load('scenarios/run.js')])) as [Prepare, Run];
  return { prepareScenario, runScenario };
}

/**
 * One cold run (the JIT still warming up; its figure is printed apart), two more runs to finish
 * warming (V8 keeps optimising over the first four or so runs of a scenario: measured, a run's
 * wall time falls from 1.0 to 0.7, 0.6, then about 0.5 s and stays), then five warm runs whose
 * median is the figure. Each run is the whole of runScenario: simulation, measurement and the
 * linearizability check.
 */
export function scenarioSpeed(name: string, { prepareScenario, runScenario }: Awaited<ReturnType<typeof distSimulator>>) {
  const file = fileURLToPath(new URL(`../scenarios/${name}.yaml`, import.meta.url));
  const s = prepareScenario(fs.readFileSync(file, 'utf8'), file).scenario;
  const timed = () => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const r = runScenario(s);
    const c = process.cpuUsage(c0);
    return { r, seconds: (performance.now() - t0) / 1000, cpuS: (c.user + c.system) / 1e6 };
  };
  const load0 = os.loadavg()[0];
  const cold = timed();
  timed();
  timed();
  const warm = [timed(), timed(), timed(), timed(), timed()].sort((a, b) => a.seconds - b.seconds);
  const median = warm[2];
  const cpu = warm.map((w) => w.cpuS).sort((a, b) => a - b)[2];
  return {
    bench: 'scenario-speed',
    scenario: name,
    from: 'dist',
    sim_events: median.r.simEvents,
    ops: median.r.summary.ops,
    cold_wall_s: Number(cold.seconds.toFixed(3)),
    cold_events_per_s: Math.round(cold.r.simEvents / cold.seconds),
    wall_s: Number(median.seconds.toFixed(3)),
    events_per_s: Math.round(median.r.simEvents / median.seconds),
    ops_per_s: Math.round((median.r.summary.ops as number) / median.seconds),
    cpu_s: Number(cpu.toFixed(3)),
    events_per_cpu_s: Math.round(median.r.simEvents / cpu),
    target_events_per_s: 2_500_000, // warm, issue 15
    load_avg_1m: { start: Number(load0.toFixed(2)), end: Number(os.loadavg()[0].toFixed(2)) },
  };
}

