// Issue 11's explained verdicts end to end: a run whose retried writes take effect twice says so
// in summary.csv's `anomaly` column and in violation.txt, judged from the history alone.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../scenarios/run.ts';
import { loadText } from './bundled.ts';
import { METRIC_COLUMNS, sweepColumns } from '../bin/sweep/outputs.ts';
import { aggregateRows } from '../reports/aggregate.ts';
import { SUMMARY_COLUMNS } from '../reports/summary-columns.ts';

/** The shape of repro/ddb-latency-nonlin.yaml, shortened: added latency makes writes time out and retry. */
const scenario = (attempts: number) => `name: ddb-latency-retries
seed: 1
duration: 3s
settle: 5s
engine:
  type: dynamodb
  partitions: 1
workload:
  clients: 10
  rate: 627/s
  mix: { read: 0.8, write: 0.2 }
  read_consistency: strong
  keys: { count: 5000, distribution: hotspot }
  value_size: 512B
  timeout: 500ms
  retry: { attempts: ${attempts}, backoff: 50ms, max_backoff: 2s }
faults:
  - at: 1s
    kind: latency
    between: [[az-b], [az-a, az-c]]
    add: 281ms
    for: 1m
`;

describe('explained verdicts', () => {
  it('labels a DynamoDB run whose timed-out writes are retried and applied again duplicate-apply, and explains it in violation.txt', () => {
    const r = runScenario(loadText(scenario(2)));
    expect(r.summary.linearizable).toBe(false);
    expect(r.summary.anomaly).toBe('duplicate-apply');
    const [explanation, window] = r.violation!.split('\n\n');
    expect(explanation).toMatch(/^anomaly: duplicate-apply\nRetried write applied twice, on key "k\d+": read #\d+ \(client client-\d+, t=\d+\.\.\d+us\)/);
    expect(explanation.replace(/\n/g, ' ')).toContain('2 attempts');
    expect(explanation.replace(/\n/g, ' ')).toContain('DynamoDB PutItem has no idempotency token');
    expect(window).toMatch(/is not linearizable/);
  });

  it('finds the same run without retries linearizable, with an empty anomaly', () => {
    const r = runScenario(loadText(scenario(1)));
    expect([r.summary.linearizable, r.summary.anomaly, r.violation]).toEqual([true, null, null]);
  });

  it('leaves the anomaly label out of a sweep\'s aggregate, as the other text columns are', () => {
    const cells = SUMMARY_COLUMNS.map((c) => (c === 'anomaly' ? 'duplicate-apply' : c === 'linearizable' ? 'false' : c === 'scenario' || c === 'engine' || c === 'cap_during_partition' ? 'x' : '1'));
    expect(sweepColumns([])).toContain('anomaly');
    expect(() => aggregateRows({ columns: sweepColumns([]), rows: [cells], groupBy: [], metrics: METRIC_COLUMNS })).not.toThrow();
  });
});
