// Aurora's promotion order within a tier (Aurora User Guide, "High availability for Amazon
// Aurora"): of replicas sharing the best tier the largest is promoted; of equal size, an
// arbitrary one. `replica_classes` gives each replica its class (and one worker per vCPU).
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../scenarios/run.ts';
import { loadBundled, loadText } from '../../test/bundled.ts';
import type { Scenario } from '../../scenarios/format/scenario.ts';
import type { SimEvent } from '../../sim/event-log.ts';

const seeds = [1, 2, 3, 4, 5, 6];

function promoted(s: Scenario): string {
  const events: SimEvent[] = [];
  runScenario(s, { sinks: { event: (e) => events.push(e) } });
  return events.find((e) => e.kind === 'promoted')!.node!;
}

function withClasses(seed: number, classes: string[] | null): Scenario {
  const base = loadBundled('aurora-writer-crash', seed);
  const options = { ...base.engine.options };
  if (classes !== null) options.replica_classes = classes;
  return { ...base, durationUs: 60e6, settleUs: 5e6, engine: { ...base.engine, options } };
}

describe('aurora > promotion by size within a tier', () => {
  it('picks either replica of one size, by a seeded draw', () => {
    expect(new Set(seeds.map((seed) => promoted(withClasses(seed, null))))).toEqual(new Set(['instance-2', 'instance-3']));
  });

  it('promotes the larger replica of the tier whatever the seed', () => {
    for (const seed of seeds) {
      expect(promoted(withClasses(seed, ['db.r6g.large', 'db.r6g.2xlarge'])), `seed ${seed}`).toBe('instance-3');
      expect(promoted(withClasses(seed, ['db.r6g.4xlarge', 'db.r6g.xlarge'])), `seed ${seed}`).toBe('instance-2');
    }
  });

  it('refuses more classes than replicas and a class it does not know, naming the field', () => {
    const text = (classes: string) => `
name: aurora-classes
duration: 10s
engine:
  type: aurora
  replicas: 1
  replica_classes: ${classes}
workload:
  clients: 3
  rate: 10/s
`;
    expect(() => loadText(text('[db.r6g.large, db.r6g.large]'))).toThrow(/engine\.replica_classes: 2 replica classes, but only 1 replicas/);
    expect(() => loadText(text('[db.r6g.huge]'))).toThrow(/engine\.replica_classes.*db\.r6g\.huge/);
    expect(() => loadText(text('[db.r7g.xlarge]'))).not.toThrow();
  });
});
