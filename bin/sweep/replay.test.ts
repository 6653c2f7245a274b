import { describe, expect, it } from 'vitest';
import { replayCommand } from './replay.ts';
import { shellQuote } from '../shell-quote.ts';

describe('sweep replay commands', () => {
  it('quotes only what a shell would split or expand', () => {
    expect(shellQuote('rds-multi-az-writer-crash')).toBe('rds-multi-az-writer-crash');
    expect(shellQuote('engine.dns_ttl=30s')).toBe('engine.dns_ttl=30s');
    expect(shellQuote('engine.replica_azs=[az-b,az-c]')).toBe(`'engine.replica_azs=[az-b,az-c]'`);
    expect(shellQuote('my file.yaml')).toBe(`'my file.yaml'`);
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('$HOME')).toBe(`'$HOME'`);
    expect(shellQuote('')).toBe(`''`);
  });

  it('names the scenario as given, the seed, each parameter and --no-check when the sweep skipped the check', () => {
    const combo = [
      { key: 'engine.dns_ttl', option: 'dns_ttl', value: '30s' },
      { key: 'engine.service', option: 'service', value: '{ workers: 4 }' },
    ];
    expect(replayCommand('scenarios/x.yaml', 17, combo, true)).toBe(`faultline run scenarios/x.yaml --seed 17 --set engine.dns_ttl=30s --set 'engine.service={ workers: 4 }'`);
    expect(replayCommand('x', 3, [], false)).toBe('faultline run x --seed 3 --no-check');
  });
});
