// Load that changes over time and named workloads, run end to end: the time series follows each
// phase's rate, a ramp's throughput is monotone, and each named workload gets its own figures.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../scenarios/run.ts';
import { loadText } from '../test/bundled.ts';
import type { TimeseriesRow } from '../reports/measure/timeseries.ts';

function run(text: string) {
  const rows: TimeseriesRow[] = [];
  const result = runScenario(loadText(text), { sinks: { timeseries: (r) => rows.push(r) }, checkLinearizability: false });
  return { result, rows, ops: rows.map((r) => r.reads + r.writes) };
}

const HEAD = `name: phases
duration: 24s
warmup: 1s
settle: 5s
engine: { type: aurora, replicas: 1 }
`;

describe('sim > workload > phases and named workloads', () => {
  it('follows a step in the rate in the time series: operations per interval jump with the phase', () => {
    const { ops } = run(`${HEAD}workload:\n  clients: 6\n  phases:\n    - { for: 10s, rate: 100/s }\n    - { for: 14s, rate: 1000/s }\n`);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(ops.slice(1, 10))).toBeGreaterThan(80);
    expect(mean(ops.slice(1, 10))).toBeLessThan(120);
    expect(mean(ops.slice(11, 24))).toBeGreaterThan(900);
    expect(mean(ops.slice(11, 24))).toBeLessThan(1100);
  });

  it('ramps monotonically: operations per interval grow over a ramp, then hold its end rate', () => {
    const { ops } = run(`${HEAD}workload:\n  clients: 6\n  phases:\n    - { for: 2s, rate: 0/s }\n    - { ramp: 20s, to: 4000/s }\n`);
    const ramp = ops.slice(2, 22);
    // Compare seconds 2 apart: the ramp adds ~400/s in 2 s, far beyond Poisson noise.
    for (let i = 2; i < ramp.length; i++) expect(ramp[i]).toBeGreaterThan(ramp[i - 2]);
    expect(ops[1]).toBe(0);
    expect(Math.abs(ops[22] - 4000)).toBeLessThan(300);
  });

  it('changes the mix per phase', () => {
    const { rows } = run(`${HEAD}workload:\n  clients: 3\n  mix: { read: 0.9 }\n  phases:\n    - { for: 10s, rate: 500/s }\n    - { for: 14s, rate: 500/s, mix: { read: 0.1 } }\n`);
    const readShare = (r: TimeseriesRow) => r.reads / (r.reads + r.writes);
    expect(readShare(rows[5])).toBeGreaterThan(0.8);
    expect(readShare(rows[15])).toBeLessThan(0.2);
  });

  it('runs closed-loop phases with the concurrency each asks for', () => {
    const { ops } = run(`${HEAD}workload:\n  clients: 3\n  phases:\n    - { for: 10s, concurrency: 1 }\n    - { for: 14s, concurrency: 8 }\n`);
    expect(ops[15]).toBeGreaterThan(4 * ops[5]);
  });

  it('gives two named workloads their own clients, keys and figures, and the overall figures sum them', () => {
    const { result, rows } = run(`${HEAD}workloads:
  - { name: web, clients: 6, rate: 400/s, mix: { read: 0.9 }, keys: { count: 100 } }
  - { name: batch, clients: 3, rate: 100/s, mix: { read: 0.1 }, keys: { count: 50 } }
`);
    const [web, batch] = result.workloadRows;
    expect([web.scenario, batch.scenario]).toEqual(['phases/web', 'phases/batch']);
    expect((web.ops as number) + (batch.ops as number)).toBe(result.summary.ops);
    expect(web.reads as number).toBeGreaterThan(8 * (web.writes as number));
    expect(batch.writes as number).toBeGreaterThan(5 * (batch.reads as number));
    expect(Math.abs((web.throughput_ops_s as number) - 400)).toBeLessThan(30);
    expect(Math.abs((batch.throughput_ops_s as number) - 100)).toBeLessThan(15);
    const r = rows[10];
    expect((r.web_ops as number) + (r.batch_ops as number)).toBe(r.reads + r.writes);
    expect(r.web_ops as number).toBeGreaterThan(r.batch_ops as number);
  });

  it('writes a scenario without phases or workloads with no per-workload figures', () => {
    const { result, rows } = run(`${HEAD}workload: { clients: 3, rate: 100/s }\n`);
    expect(result.workloadRows).toEqual([]);
    expect(Object.keys(rows[0]).some((k) => k.endsWith('_ops'))).toBe(false);
  });
});
