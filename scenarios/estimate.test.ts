// The up-front estimate: close enough to what a run does to tell sane from absurd, and the
// refusals run and sweep give for what is beyond a limit.

import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prepareScenario } from './prepare.ts';
import { runScenario } from './run.ts';
import { estimateFor, formatEstimate, overruns, refusal } from './estimate.ts';

const S = 1_000_000;

function bundled(name: string, change: (t: string) => string = (t) => t) {
  const text = fs.readFileSync(new URL(`./${name}.yaml`, import.meta.url), 'utf8');
  return prepareScenario(change(text), `${name}.yaml`).scenario;
}

/** A bundled scenario cut to 20 s of workload (its faults dropped), so the test runs it quickly. */
function short(name: string) {
  return bundled(name, (t) => t.replace(/^duration: .*$/m, 'duration: 20s').replace(/^warmup: .*$/m, 'warmup: 1s').replace(/^settle: .*$/m, 'settle: 5s').replace(/^faults:[\s\S]*?(?=^expect:|$(?![\s\S]))/m, ''));
}

describe('estimate', () => {
  for (const name of ['rds-multi-az-writer-crash', 'dynamodb-strong-reads', 'redis-primary-crash', 'aurora-writer-crash']) {
    it(`estimates the operations and events of ${name} within a factor of 3`, () => {
      const s = short(name);
      const e = estimateFor(s, S);
      const r = runScenario(s, { checkLinearizability: false });
      const ops = Number(r.summary.ops);
      expect(e.operations / ops).toBeGreaterThan(1 / 3);
      expect(e.operations / ops).toBeLessThan(3);
      expect(e.events / r.simEvents).toBeGreaterThan(1 / 3);
      expect(e.events / r.simEvents).toBeLessThan(3);
    });
  }

  it('prints one line a user can read', () => {
    expect(formatEstimate(estimateFor(bundled('rds-multi-az-writer-crash'), S))).toMatch(/^estimate: 1\.8e5 operations, [\d.]+e\d events, [\d.]+MB memory, [\d.]+MB history, \d+s wall time$/);
  });

  it('lets a bundled scenario run without --yes', () => {
    const s = bundled('rds-multi-az-writer-crash');
    expect(refusal('x.yaml', estimateFor(s, S), S, false)).toBeUndefined();
  });

  it('refuses 24 hours at 1000/s, naming the bound, unless --yes', () => {
    const s = bundled('rds-multi-az-writer-crash', (t) => t.replace('duration: 3m', 'duration: 24h'));
    const e = estimateFor(s, S);
    expect(refusal('x.yaml', e, S, false)).toBe('x.yaml: estimated 8.6e7 operations, over the 1e7 limit (docs/limits.md); pass --yes to run anyway');
    expect(refusal('x.yaml', e, S, true)).toBeUndefined();
  });

  it('refuses --interval 1us even with --yes', () => {
    const s = bundled('rds-multi-az-writer-crash');
    expect(refusal('x.yaml', estimateFor(s, 1), 1, true)).toBe('x.yaml: --interval 1us is under the 1ms minimum (docs/limits.md)');
  });

  it('refuses a run whose events the scheduler cannot number, even with --yes', () => {
    const s = bundled('rds-multi-az-writer-crash', (t) => t.replace('duration: 3m', 'duration: 168h').replace('rate: 1000/s', 'rate: 10000/s'));
    expect(refusal('x.yaml', estimateFor(s, S), S, true)).toMatch(/^x\.yaml: estimated [\d.]+e\d+ events, over the 2\.1e9 the scheduler can number \(docs\/limits\.md\)$/);
  });

  it('counts periodic timers: a 1 ms Redis cron on every node shows in the events', () => {
    const slow = estimateFor(bundled('redis-primary-crash'), S);
    const fast = estimateFor(bundled('redis-primary-crash', (t) => t.replace('type: redis-cluster', 'type: redis-cluster\n  cron_interval: 1ms')), S);
    expect(fast.events - slow.events).toBeGreaterThan(6 * 100 * 1000 * 2);
    expect(overruns(fast, S).map((o) => o.absolute)).not.toContain(true);
  });
});
