// Test helpers: a small scenario per engine, a one-action FIS template, importing the template
// onto the scenario and running the result briefly with the events it logged.

import { importTemplate } from './import-template.ts';
import { prepareScenario } from '../../scenarios/prepare.ts';
import { runScenario, type RunResult } from '../../scenarios/run.ts';
import type { SimEvent } from '../../sim/event-log.ts';

export function smallScenario(engine: string, extra = ''): string {
  return [
    `name: fis-${engine.split('\n')[0].replace(/\W+/g, '-')}`,
    'seed: 1',
    'duration: 14s',
    'warmup: 2s',
    'settle: 5s',
    'engine:',
    `  type: ${engine}`,
    extra,
    'workload:',
    '  clients: 3',
    '  rate: 60/s',
    '  mix: { read: 0.5, write: 0.5 }',
    '  keys: { count: 100, distribution: uniform }',
    '  timeout: 1s',
    '  retry: { attempts: 2, backoff: 50ms, max_backoff: 500ms }',
    'faults:',
    '  - { at: 4s, kind: crash, target: { role: writer } }',
    '',
  ].filter((l) => l !== '').join('\n');
}

export function oneAction(actionId: string, targetKey: string | null, target: object | null, parameters: Record<string, string> = {}): string {
  return JSON.stringify({
    description: 'test',
    targets: target === null ? {} : { T: target },
    actions: { a: { actionId, parameters, ...(targetKey === null ? {} : { targets: { [targetKey]: 'T' } }) } },
    stopConditions: [{ source: 'none' }],
  });
}

export interface Drill {
  text: string;
  result: RunResult;
  events: SimEvent[];
}

export function drill(templateText: string, scenarioText: string): Drill {
  const { text } = importTemplate({ template: { file: 'template.json', text: templateText }, scenario: { file: 'scenario.yaml', text: scenarioText } });
  const { scenario } = prepareScenario(text, 'imported.yaml');
  const events: SimEvent[] = [];
  const result = runScenario(scenario, { checkLinearizability: false, sinks: { event: (e) => events.push(e) } });
  return { text, result, events };
}

/** The nodes of events of `kind` after the first fault started. */
export function nodesWith(d: Drill, kind: string): string[] {
  const start = d.events.find((e) => e.kind === 'fault-start')?.timeUs ?? 0;
  return d.events.filter((e) => e.kind === kind && e.timeUs >= start && e.node !== undefined).map((e) => e.node!);
}
