// A small Aurora Global Database scenario for the global-*.test.ts files: a primary in us-east-1
// (no replicas, so every replication-lag sample is the secondary reader's), one secondary in
// us-west-2, and the engine keys, clients and faults each test gives.
import { prepareScenario } from '../../scenarios/prepare.ts';
import { runScenario, type RunResult } from '../../scenarios/run.ts';
import { regionsYaml } from '../../test/regions.ts';

export interface GlobalRun {
  seed?: number;
  /** Extra engine keys, each line indented by two spaces. */
  engine?: string;
  clients?: string;
  readConsistency?: 'eventual' | 'strong';
  /** The faults list's entries, each line indented by two spaces. */
  faults?: string;
}

export function globalScenarioText(r: GlobalRun): string {
  return `name: global
seed: ${r.seed ?? 1}
duration: 40s
warmup: 2s
settle: 10s
${regionsYaml(['us-east-1', 'us-west-2'])}
engine:
  type: aurora
  replicas: 0
  global_azs: [usw2-az1, usw2-az2, usw2-az3]
${r.engine ?? ''}
workload:
  clients: ${r.clients ?? '{ us-east-1: 4, us-west-2: 2 }'}
  rate: 1000/s
  mix: { read: 0.5, write: 0.5 }
  read_consistency: ${r.readConsistency ?? 'eventual'}
  keys: { count: 1000, distribution: uniform }
  timeout: 1s
${r.faults === undefined ? '' : `faults:\n${r.faults}\n`}`;
}

export function runGlobal(r: GlobalRun): RunResult {
  return runScenario(prepareScenario(globalScenarioText(r), 'global.yaml').scenario);
}
