import { describe, expect, it } from 'vitest';
import type { Row, RunFolder } from '../report/run-folder.ts';
import { overlayCharts } from './overlay-charts.ts';

/** A run folder of `n` 1 s intervals with one crash from 2 s to 4 s; `lag` adds replication lag. */
function folder(n: number, okPerS: (t: number) => number, lag: boolean): RunFolder {
  const rows: Row[] = Array.from({ length: n }, (_, t) => ({
    t_s: t,
    reads_ok: okPerS(t) / 2,
    writes_ok: okPerS(t) / 2,
    write_latency_ms_p99: okPerS(t) === 0 ? null : 3,
    replication_lag_ms_p99: lag ? 5 : null,
  }));
  const faults = { columns: ['fault', 'kind', 'start_s', 'end_s'], rows: [{ fault: 0, kind: 'crash', start_s: 2, end_s: 4 }] };
  return { dir: '', summary: {}, summaryColumns: [], timeseries: { columns: Object.keys(rows[0]), rows }, events: { columns: [], rows: [] }, faults, violation: null };
}

const layer = (spec: Record<string, unknown>, i: number) => (spec.layer as Record<string, unknown>[])[i];
const values = (spec: Record<string, unknown>) => ((layer(spec, 2).data as { values: { t: number; series: string; value: number }[] }).values);

describe('compare > overlaid time series', () => {
  it('draws one series per topology on each chart, each fault window shaded once', () => {
    const o = overlayCharts([{ label: 'a', folder: folder(6, (t) => (t >= 2 && t < 4 ? 0 : 10), false) }, { label: 'b', folder: folder(6, () => 20, true) }], 1);
    expect(o.charts.map((c) => c.id)).toEqual(['overlay-throughput-ok', 'overlay-write-latency-p99', 'overlay-replication-lag-p99']);
    const throughput = o.charts[0].spec;
    expect((layer(throughput, 0).data as { values: unknown[] }).values).toHaveLength(1);
    expect(values(throughput).filter((v) => v.t === 2)).toEqual([{ t: 2, series: 'a', value: 0 }, { t: 2, series: 'b', value: 20 }]);
    // Only b has lag: a stays on the legend (one colour per topology on every chart) without points.
    // Names of one comparison often share a long prefix: the legend must not cut them to it.
    expect(((o.charts[0].spec.config as { legend: { labelLimit: number } }).legend.labelLimit)).toBe(0);
    expect(new Set(values(o.charts[2].spec).filter((v) => v.value !== null).map((v) => v.series))).toEqual(new Set(['b']));
  });

  it('leaves out a figure no topology has, and downsamples long series per topology', () => {
    const o = overlayCharts([{ label: 'a', folder: folder(100, () => 10, false) }, { label: 'b', folder: folder(100, () => 10, false) }], 1, 10);
    expect(o.omitted).toEqual(['replication lag p99 (all followers)']);
    expect(values(o.charts[0].spec).filter((v) => v.series === 'a')).toHaveLength(10);
  });
});
