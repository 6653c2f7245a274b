import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicyFile } from './policy-section.ts';
import { loadScenario } from './load-scenario.ts';
import { EXAMPLE } from './example.fixture.ts';
import { FAKE_ENGINES } from './fake-engines.fixture.ts';

const problem = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
};

describe('scenario format', () => {
  describe('resiliency policy', () => {
    it("reads Resilience Hub's CreateResiliencyPolicy body, ignoring its request-only fields", () => {
      const text = JSON.stringify({ policyName: 'gold', tier: 'MissionCritical', dataLocationConstraint: 'AnyLocation', tags: { team: 'db' }, policy: { Software: { rtoInSecs: 35, rpoInSecs: 0 }, AZ: { rtoInSecs: 300, rpoInSecs: 5 } } }, null, 2);
      expect(loadPolicyFile(text, 'gold.json')).toEqual({ policyName: 'gold', tier: 'MissionCritical', policy: { Software: { rtoInSecs: 35, rpoInSecs: 0 }, AZ: { rtoInSecs: 300, rpoInSecs: 5 } } });
    });

    it('names the file, line and field of a bad objective, an unknown disruption type and a bad tier', () => {
      const text = '{\n  "policyName": "p",\n  "tier": "Gold",\n  "policy": {\n    "Software": { "rtoInSecs": -1, "rpoInSecs": 0 },\n    "Network": { "rtoInSecs": 1, "rpoInSecs": 1 }\n  }\n}\n';
      const e = (() => {
        try {
          loadPolicyFile(text, 'p.json');
        } catch (err) {
          return err as Error & { lines(): string[] };
        }
        throw new Error('expected an error');
      })();
      expect(e.lines()).toEqual([
        expect.stringMatching(/^p\.json:3: tier: expected .*`MissionCritical`/),
        expect.stringMatching(/^p\.json:6: policy\.Network: /),
        expect.stringMatching(/^p\.json:5: policy\.Software\.rtoInSecs: must be between 0 and 31536000, got -1$/),
      ]);
    });

    it('is read from a scenario\'s `policy:` section, with a fault\'s `disruption:` override', () => {
      const text = `${EXAMPLE}\npolicy:\n  policyName: p\n  tier: Critical\n  policy: { Hardware: { rtoInSecs: 60, rpoInSecs: 0 } }\n`;
      const s = loadScenario(text.replace('kind: crash   ', 'disruption: Hardware\n    kind: crash'), 's.yaml', { engines: FAKE_ENGINES }).scenario;
      expect(s.policy).toEqual({ policyName: 'p', tier: 'Critical', policy: { Hardware: { rtoInSecs: 60, rpoInSecs: 0 } } });
      expect(s.disruptions).toEqual([null, null, 'Hardware', null, null, null, null]);
      expect(problem(() => loadScenario(text.replace('kind: crash   ', 'disruption: Network\n    kind: crash'), 's.yaml', { engines: FAKE_ENGINES }))).toMatch(/faults\[2\]\.disruption: expected .*`Software`/);
    });

    it('loads every bundled example policy, one per tier, each no stricter than the tier above it', () => {
      const dir = path.join(import.meta.dirname, '..', 'policies');
      const order = ['MissionCritical', 'Critical', 'Important', 'CoreServices', 'NonCritical'];
      const policies = fs.readdirSync(dir).map((f) => loadPolicyFile(fs.readFileSync(path.join(dir, f), 'utf8'), f));
      policies.sort((a, b) => order.indexOf(a.tier) - order.indexOf(b.tier));
      expect(policies.map((p) => p.tier)).toEqual(order);
      for (let i = 1; i < policies.length; i++) {
        for (const type of ['Software', 'Hardware', 'AZ', 'Region'] as const) {
          expect(policies[i].policy[type]!.rtoInSecs).toBeGreaterThanOrEqual(policies[i - 1].policy[type]!.rtoInSecs);
          expect(policies[i].policy[type]!.rpoInSecs).toBeGreaterThanOrEqual(policies[i - 1].policy[type]!.rpoInSecs);
        }
      }
    });
  });
});
