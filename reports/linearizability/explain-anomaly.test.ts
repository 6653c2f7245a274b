import { describe, expect, it } from 'vitest';
import { checkHistory } from './check-history.ts';
import { explainFromEvents } from './explain-anomaly.ts';
import { history } from './history-dsl.ts';
import type { HistoryEvent } from './types.ts';

/** Adds history.jsonl's extra fields to the events at these positions (0-based). */
function withFields(events: HistoryEvent[], fields: Record<number, Record<string, unknown>>): HistoryEvent[] {
  return events.map((e, i) => ({ ...e, time_us: (i + 1) * 100, client: `c${e.process}`, ...fields[i] }) as HistoryEvent);
}

/** Checks the history (it must fail) and explains the violation. */
function explain(events: HistoryEvent[]) {
  const r = checkHistory(events);
  expect(r.linearizable).toBe(false);
  return explainFromEvents(events, r.violation!);
}

const acked = (p: number, v: number) => `${p} invoke write ${v}\n${p} ok write ${v}\n`;
const read = (p: number, v: number | null) => `${p} invoke read\n${p} ok read ${v === null ? '' : v}\n`;

describe('linearizability', () => {
  describe('explain anomaly', () => {
    it('calls a read of an older value a stale read when a later read sees the newer one', () => {
      const a = explain(withFields(history(acked(0, 1) + acked(0, 2) + read(1, 1) + read(2, 2)), {}));
      expect(a.label).toBe('stale-read');
      expect(a.text).toContain('read #5 (client c1, t=500..600us) returned 1');
      expect(a.text).toContain('write #3 of 2 (client c0, t=300..400us, acknowledged)');
      expect(a.text).toContain('Later, read #7');
    });

    it('calls a write that no later read sees a lost write', () => {
      const a = explain(withFields(history(acked(0, 1) + acked(0, 2) + read(1, 1) + read(2, 1)), {}));
      expect(a.label).toBe('lost-write');
      expect(a.text).toContain('No read invoked after the first such read, #5, returned 2');
      expect(a.text).toContain('an acknowledged write of this key was lost');
    });

    it('calls a read of the initial value after an acknowledged write a lost write when it stays so', () => {
      const a = explain(withFields(history(acked(0, 1) + read(1, null) + read(2, null)), {}));
      expect(a.label).toBe('lost-write');
      expect(a.text).toContain('the initial value');
    });

    it('calls a retried write whose value comes back after a newer write a duplicate apply, and says the services allow it', () => {
      // Event 1 completes write 1 after 2 attempts; write 2 is acknowledged later; 1 comes back.
      const a = explain(withFields(history(acked(0, 1) + acked(0, 2) + read(1, 2) + read(1, 1)), { 1: { attempts: 2 } }));
      expect(a.label).toBe('duplicate-apply');
      expect(a.text).toContain('took 2 attempts');
      expect(a.text).toContain('DynamoDB PutItem has no idempotency token');
    });

    it('blames the retried value in a cycle a timed-out write makes (1, then 2, then 1 again)', () => {
      // Write 1 never completes in time (info, 2 attempts): seen, overwritten by 2, then back.
      const events = history(`0 invoke write 1\n${read(1, 1)}${acked(2, 2)}${read(3, 2)}${read(4, 1)}0 info write 1`);
      const a = explain(withFields(events, { 9: { attempts: 2 } }));
      expect(a.label).toBe('duplicate-apply');
      expect(a.text).toContain('read #8 (client c4, t=800..900us) returned 1');
      expect(a.text).toContain('write #1 of 1 (client c0, t=100..1000us, timed out, 2 attempts)');
    });

    it('calls a retried write\'s value a stale read, not a duplicate apply, when the newer value is read again later', () => {
      const a = explain(withFields(history(acked(0, 1) + acked(0, 2) + read(1, 2) + read(1, 1) + read(2, 2)), { 1: { attempts: 2 } }));
      expect(a.label).toBe('stale-read');
      expect(a.text).toContain('not by a late retry');
    });

    it('calls a retried value that only its writer\'s client reads back a stale read from its side of a split', () => {
      const a = explain(withFields(history(acked(0, 1) + acked(1, 2) + read(2, 2) + read(0, 1)), { 1: { attempts: 2 } }));
      expect(a.label).toBe('stale-read');
      expect(a.text).toContain('Only client c0, which wrote that value, read it back');
    });

    it('calls that history a duplicate apply when the run had no partition, so no client was cut off with a node', () => {
      const events = withFields(history(acked(0, 1) + acked(1, 2) + read(2, 2) + read(0, 1)), { 1: { attempts: 2 } });
      const r = checkHistory(events);
      expect(explainFromEvents(events, r.violation!, null, []).label).toBe('duplicate-apply');
      // A partition before the write, or after the newer write was acknowledged, explains
      // nothing either (no node missed that write for it); one between them does.
      expect(explainFromEvents(events, r.violation!, null, [[0, 50]]).label).toBe('duplicate-apply');
      expect(explainFromEvents(events, r.violation!, null, [[450, 650]]).label).toBe('duplicate-apply');
      expect(explainFromEvents(events, r.violation!, null, [[150, 350]]).label).toBe('stale-read');
    });

    it('calls the same history with a single attempt a stale read, not a duplicate apply', () => {
      const a = explain(withFields(history(acked(0, 1) + acked(0, 2) + read(1, 2) + read(1, 1)), {}));
      expect(a.label).toBe('stale-read');
    });

    it('calls a read of a value no operation wrote a value never written', () => {
      const a = explain(withFields(history(acked(0, 1) + read(1, 7)), {}));
      expect(a.label).toBe('value-never-written');
      expect(a.text).toContain('returned 7');
    });

    it('calls a read of a failed write\'s value a failed write applied, naming the retries', () => {
      const a = explain(withFields(history(`0 invoke write 5\n0 fail write 5\n` + read(1, 5)), { 1: { attempts: 3 } }));
      expect(a.label).toBe('failed-write-applied');
      expect(a.text).toContain('One of its 3 attempts took effect although every one was reported as refused');
    });

    it('calls a stale eventually consistent read expected', () => {
      const a = explain(withFields(history(acked(0, 1) + acked(0, 2) + read(1, 1) + read(2, 2)), { 4: { consistency: 'eventual' }, 5: { consistency: 'eventual' } }));
      expect(a.label).toBe('eventual-read');
      expect(a.text).toContain('eventual read #5');
      expect(a.text).toContain('expected');
    });

    it('leaves a kv-append violation unexplained, pointing at the window', () => {
      const events = history('0 invoke append "x" @k\n0 ok append "x" @k\n1 invoke get @k\n1 ok get "" @k');
      const a = explain(events);
      expect(a.label).toBe('unexplained');
      expect(a.text).toContain('key "k"');
    });

    it('names processes and leaves out times when the history has no extra fields', () => {
      const a = explain(history(acked(0, 1) + acked(0, 2) + read(1, 1)));
      expect(a.text).toContain('read #5 (process 1) returned 1');
    });
  });
});
