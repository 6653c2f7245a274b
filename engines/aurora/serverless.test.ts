import { describe, expect, it } from 'vitest';
import { runScenario } from '../../scenarios/run.ts';
import { loadText } from '../../test/bundled.ts';
import type { TimeseriesRow } from '../../reports/measure/timeseries.ts';

function run(engine: string, phases: string, extra = '', duration = '40s') {
  const rows: TimeseriesRow[] = [];
  const r = runScenario(
    loadText(`
name: serverless
duration: ${duration}
warmup: 0s
settle: 5s
engine: { type: aurora, replicas: 1, ${engine} }
workload:
  clients: 16
  phases:
${phases}
  mix: { read: 0.8, write: 0.2 }
  keys: { count: 10000 }
${extra}`),
    { sinks: { timeseries: (row) => rows.push(row) } },
  );
  return { r, rows, at: (t: number) => rows.find((row) => row.t_s === t)! };
}

// 0.5 ACU is one worker (~5,000 requests/s at 200 us each): the step to 6,000/s overloads it.
const STEP = `    - { for: 20s, rate: 500/s }
    - { for: 20s, rate: 6000/s }`;

describe('aurora > serverless v2', () => {
  it('raises capacity within seconds of a load step, and latency falls back once it has', () => {
    const { at } = run('serverless: true, serverless_min_acu: 0.5, serverless_max_acu: 16', STEP);
    expect(at(19).acu_writer_max).toBe(0.5);
    // At 0.5 ACU 6,000 requests/s queue: p99 of hundreds of ms in the step's first second.
    expect(at(20).read_latency_ms_p99 as number).toBeGreaterThan(100);
    // The next second's measurement doubles the capacity (0.5 -> 1 ACU: two workers) ...
    expect(at(21).acu_writer_max).toBe(1);
    // ... and from the second after, latency is back near the quiet figure (~6 ms p99), the capacity steady.
    for (let t = 22; t < 40; t++) expect(at(t).read_latency_ms_p99 as number, `t=${t}`).toBeLessThan(15);
    expect(at(35).acu_writer_max as number).toBeGreaterThanOrEqual(1);
    expect(at(35).acu_writer_max as number).toBeLessThanOrEqual(3);
    // The tier-1 reader keeps the writer's size: two instances' ACU-seconds each second.
    expect(at(35).acu_seconds).toBe(2 * (at(35).acu_writer_max as number));
  });

  it('queues at its most capacity: the step past serverless_max_acu keeps its latency high', () => {
    const { at } = run('serverless: true, serverless_min_acu: 0.5, serverless_max_acu: 1, serverless_workers_per_acu: 1', STEP);
    expect(at(35).acu_writer_max).toBe(1);
    // One worker at 1 ACU for 6,000/s: the queue grows until requests time out.
    expect(at(35).availability_read as number).toBeLessThan(0.9);
  });

  it('pauses an idle instance at 0 ACU and answers the first request only after the resume (~15 s)', () => {
    const { at, rows } = run(
      'serverless: true, serverless_min_acu: 0, serverless_auto_pause_after: 5m',
      `    - { for: 10s, rate: 100/s }
    - { for: 6m, rate: 0.001/s }
    - { for: 30s, rate: 100/s }`,
      '  timeout: 30s\n  retry: { attempts: 1 }',
      '6m40s',
    );
    void rows;
    // Idle from 10 s: paused 5 minutes later (the first tick after 5 m 10 s).
    expect(at(300).acu_writer_max).toBe(0.5);
    expect(at(320).acu_writer_max).toBe(0);
    // Load returns at 6 m 10 s: requests wait out the resume, then capacity is back at 0.5 ACU.
    expect(at(371).read_latency_ms_p99 as number).toBeGreaterThan(13_000);
    expect(at(390).acu_writer_max).toBe(0.5);
    expect(at(390).read_latency_ms_p99 as number).toBeLessThan(50);
  });
});
