import { describe, expect, it } from 'vitest';
import { SimInvariantError } from '../sim/invariant.ts';
import { reportError } from './report-error.ts';

describe('cli > errors', () => {
  it('exits 3 on a broken simulator invariant and prints the command that reproduces it', () => {
    let out = '';
    const err = Object.assign(new SimInvariantError('history has 3 events for 2 operations'), { seed: 42, scenarioName: 'aurora-az-outage' });
    expect(reportError(err, (t) => (out += t))).toBe(3);
    expect(out).toBe('faultline: simulator invariant broken: history has 3 events for 2 operations (reproduce: faultline run aurora-az-outage --seed 42)\n');
  });

  it('puts the run\'s --set flags in the command that reproduces it, quoted for the shell', () => {
    let out = '';
    const err = Object.assign(new SimInvariantError('x'), { seed: 7, scenarioName: 'my scenarios/redis.yaml', sets: ['engine.node_timeout=30s', 'engine.replicas=2'] });
    expect(reportError(err, (t) => (out += t))).toBe(3);
    expect(out).toBe("faultline: simulator invariant broken: x (reproduce: faultline run 'my scenarios/redis.yaml' --seed 7 --set engine.node_timeout=30s --set engine.replicas=2)\n");
  });

  it('exits 3 with the stack on any other escaped error, a bug to report', () => {
    let out = '';
    expect(reportError(new TypeError('x is undefined'), (t) => (out += t))).toBe(3);
    expect(out).toMatch(/^faultline: internal error: TypeError: x is undefined\n\s+at /);
  });
});
