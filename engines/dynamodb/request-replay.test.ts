// A write held in a paused request router after its client gave up and retried: forwarded late
// when the router resumes within the SigV4 window (a real duplicate apply), refused after it.
import { describe, expect, it } from 'vitest';
import { loadText } from '../../test/bundled.ts';
import { runScenario } from '../../scenarios/run.ts';
import type { HistoryEvent } from '../../sim/history.ts';
import type { SimEvent } from '../../sim/event-log.ts';
import { S } from './harness.fixture.ts';
import { signatureRefusal, SIGNATURE_WINDOW_US } from './request-signature.ts';

const PAUSE_AT_US = 2 * S;

function scenario(pause: string, duration: string): string {
  return `
name: paused-router-replay
seed: 7
duration: ${duration}
settle: 5s
engine: { type: dynamodb, partitions: 1 }
workload:
  clients: 3
  rate: 30/s
  mix: { read: 0.5, write: 0.5 }
  read_consistency: strong
  keys: { count: 3 }
  timeout: 1s
  retry: { attempts: 4 }
faults:
  - { at: 2s, kind: pause, target: { role: router, index: 0 }, for: ${pause} }
`;
}

interface Replays {
  /** Ok reads, invoked after the pause ended, that returned a write's value after a newer write to the key was acknowledged. */
  reappeared: number;
  staleReads: number;
  events: SimEvent[];
}

/**
 * Runs the scenario and counts reads that see an acknowledged write's value come back: the
 * write was acknowledged, a newer write to the key was invoked after that and acknowledged
 * before the read was invoked, and the read still returned the older value.
 */
function replays(pause: string, duration: string, pauseUs: number): Replays {
  const s = loadText(scenario(pause, duration));
  const acked = new Map<number, { key: number; invokeUs: number; okUs: number }>();
  const okWrites: { key: number; invokeUs: number; okUs: number }[] = [];
  const reads: HistoryEvent[] = [];
  const events: SimEvent[] = [];
  const r = runScenario(s, {
    checkLinearizability: false,
    sinks: {
      event: (e) => events.push(e),
      history: (e) => {
        if (e.type !== 'ok') return;
        if (e.op.kind === 'write') {
          const w = { key: e.op.keyIndex, invokeUs: e.op.invokeUs, okUs: e.timeUs };
          acked.set(e.op.value!, w);
          okWrites.push(w);
        } else if (e.op.invokeUs > PAUSE_AT_US + pauseUs) reads.push(e);
      },
    },
  });
  let reappeared = 0;
  for (const read of reads) {
    const w = read.value === null ? undefined : acked.get(read.value);
    if (w === undefined) continue;
    const newer = okWrites.some((x) => x.key === w.key && x.invokeUs > w.okUs && x.okUs < read.op.invokeUs);
    if (newer) reappeared++;
  }
  return { reappeared, staleReads: r.summary.stale_reads as number, events };
}

describe('dynamodb > request signature', () => {
  it('accepts a request signed within five minutes of the router clock, either way, and refuses one beyond', () => {
    const now = 1_000 * S;
    expect(signatureRefusal(now - SIGNATURE_WINDOW_US, now)).toBeNull();
    expect(signatureRefusal(now + SIGNATURE_WINDOW_US, now)).toBeNull();
    expect(signatureRefusal(now - SIGNATURE_WINDOW_US - 1, now)).toBe('signature-expired');
    expect(signatureRefusal(now + SIGNATURE_WINDOW_US + 1, now)).toBe('signature-not-yet-current');
  });
});

describe('dynamodb > request replay', () => {
  it('a write held in a router paused less than the 5-minute signature window is applied late, after newer writes (a real duplicate)', () => {
    const r = replays('60s', '70s', 60 * S);
    expect(r.reappeared).toBeGreaterThan(0);
    expect(r.staleReads).toBeGreaterThan(0);
    expect(r.events.filter((e) => e.kind === 'signature-expired')).toEqual([]);
  });

  it('a write held more than 5 minutes in a paused router is refused as signature-expired, not applied', () => {
    const r = replays('320s', '330s', 320 * S);
    expect(r.reappeared).toBe(0);
    expect(r.staleReads).toBe(0);
    expect(r.events.filter((e) => e.kind === 'signature-expired').length).toBeGreaterThan(0);
  });
});
