// The violating window of a non-linearizable run drawn as Jepsen's and Porcupine's timelines
// draw it: one row per client process, each operation a bar from its invocation to its
// completion (to the window's end, dashed, when it never completed), labelled with what it did
// and how it ended. The operations come from violation.txt's listing, which has their process,
// outcome and simulated times.

import { CHART_WIDTH_PX } from './time-chart.ts';
import type { VegaLiteSpec } from './vega-svg.ts';

export interface WindowOp {
  process: string;
  what: string;
  status: string;
  invokeUs: number;
  /** null: it never completed. */
  completeUs: number | null;
}

/** `  p7  write 7927  ok  #78875..#78879  t=39554891..39555406us` (see reports/linearizability/render.ts). */
const LINE = /^\s+(p\d+)\s+(.+?)\s+(ok|fail|info)\s+#\d+\.\.(?:#\d+|never)\s+t=(\d+)\.\.(\d+|\?)us/;

export function windowOps(violation: string): WindowOp[] {
  const ops: WindowOp[] = [];
  for (const line of violation.split('\n')) {
    const m = LINE.exec(line);
    if (m === null) continue;
    ops.push({ process: m[1], what: m[2], status: m[3], invokeUs: Number(m[4]), completeUs: m[5] === '?' ? null : Number(m[5]) });
  }
  return ops;
}

export function opBarsSpec(ops: readonly WindowOp[]): VegaLiteSpec | null {
  if (ops.length === 0) return null;
  const endUs = Math.max(...ops.map((o) => o.completeUs ?? o.invokeUs));
  const processes = [...new Set(ops.map((o) => o.process))];
  const values = ops.map((o) => ({
    process: o.process,
    start: o.invokeUs / 1e6,
    end: (o.completeUs ?? endUs) / 1e6,
    label: `${o.what} ${o.status}${o.completeUs === null ? ' (never completed)' : ` (${((o.completeUs - o.invokeUs) / 1000).toFixed(1)} ms)`}`,
    status: o.status,
    open: o.completeUs === null,
  }));
  const x = { field: 'start', type: 'quantitative', title: 'simulated time (s)', scale: { zero: false, nice: false } };
  const y = { field: 'process', type: 'nominal', title: 'client process', sort: processes };
  const color = { field: 'status', type: 'nominal', scale: { domain: ['ok', 'fail', 'info'], range: ['#2a7de1', '#d62728', '#999999'] }, title: 'outcome' };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'The violating window, operation by operation', subtitle: 'each bar: invocation to completion; a tick marks each invocation, as operations last milliseconds and the window can last seconds' },
    width: CHART_WIDTH_PX,
    height: Math.max(60, processes.length * 34),
    config: { font: 'sans-serif', legend: { orient: 'top' } },
    data: { values },
    layer: [
      { mark: { type: 'rule', strokeWidth: 8 }, encoding: { x, x2: { field: 'end' }, y, color, strokeDash: { field: 'open', type: 'nominal', legend: null, scale: { domain: [false, true], range: [[1, 0], [4, 3]] } } } },
      { mark: { type: 'tick', orient: 'vertical', thickness: 2, size: 18 }, encoding: { x, y, color } },
      { mark: { type: 'text', align: 'left', dx: 6, dy: -12, fontSize: 10 }, encoding: { x, y, text: { field: 'label' } } },
    ],
  };
}
