// The classic hold model: N pending events; repeatedly take the earliest and schedule a new one
// at its time plus an exponential hold. Run through Faultline's scheduler and through a bare
// typed-array binary heap in the same process, on the same precomputed hold times.

import { Scheduler } from '../sim/scheduler.ts';
import { Rng } from '../sim/rng.ts';

const SAMPLES = 1 << 20;

function holds(): Float64Array {
  const rng = new Rng('bench/hold');
  const a = new Float64Array(SAMPLES);
  for (let i = 0; i < SAMPLES; i++) a[i] = rng.exponential(1);
  return a;
}

/** Events per second through the project's scheduler. */
export function schedulerRate(pending: number, events: number, h: Float64Array): number {
  const s = new Scheduler();
  let k = 0;
  let done = 0;
  const hold = (): void => {
    if (++done >= events) {
      s.stop();
      return;
    }
    s.at(s.now + h[k++ & (SAMPLES - 1)], hold);
  };
  for (let i = 0; i < pending; i++) s.at(h[k++ & (SAMPLES - 1)], hold);
  const t0 = performance.now();
  s.runUntil(Infinity);
  return events / ((performance.now() - t0) / 1000);
}

/** Events per second through a bare binary heap of Float64 times. */
export function bareHeapRate(pending: number, events: number, h: Float64Array): number {
  const heap = new Float64Array(pending + 1);
  let size = 0;
  let k = 0;
  const push = (t: number) => {
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heap[p] <= t) break;
      heap[i] = heap[p];
      i = p;
    }
    heap[i] = t;
  };
  const pop = (): number => {
    const top = heap[0];
    const last = heap[--size];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      if (c + 1 < size && heap[c + 1] < heap[c]) c++;
      if (last <= heap[c]) break;
      heap[i] = heap[c];
      i = c;
    }
    heap[i] = last;
    return top;
  };
  for (let i = 0; i < pending; i++) push(h[k++ & (SAMPLES - 1)]);
  const t0 = performance.now();
  for (let e = 0; e < events; e++) {
    const now = pop();
    push(now + h[k++ & (SAMPLES - 1)]);
  }
  return events / ((performance.now() - t0) / 1000);
}

export function holdModel(pending = 10_000, events = 5_000_000) {
  const h = holds();
  // Warm both up, then take the best of three alternating runs of each.
  schedulerRate(pending, 500_000, h);
  bareHeapRate(pending, 500_000, h);
  let ours = 0;
  let bare = 0;
  for (let i = 0; i < 3; i++) {
    ours = Math.max(ours, schedulerRate(pending, events, h));
    bare = Math.max(bare, bareHeapRate(pending, events, h));
  }
  return { bench: 'hold-model', pending, events, scheduler_events_per_s: Math.round(ours), bare_heap_events_per_s: Math.round(bare), ratio: Number((ours / bare).toFixed(3)), target_ratio: 0.7 };
}
