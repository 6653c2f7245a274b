import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prepareScenario } from '../../scenarios/prepare.ts';
import { exportScenario } from './export-template.ts';
import { planTemplate } from './import-plan.ts';
import { importTemplate } from './import-template.ts';
import { inventoryOf } from './inventory.ts';
import { defaultTagMap } from './tag-map.ts';
import { readTemplate } from './template-shape.ts';

const BUNDLED = ['aurora-cluster-failover', 'elasticache-az-power-interruption'];

/** What a template does to a scenario: each action's id, start, parameters and what it strikes. */
function timeline(json: string, scenarioText: string) {
  const { scenario } = prepareScenario(scenarioText, 'scenario.yaml');
  const plan = planTemplate(readTemplate(json, 'template.json'), inventoryOf(scenario), defaultTagMap(), 'template.json', false);
  return plan.actions
    .filter((a) => a.actionId !== 'aws:fis:wait')
    .map((a) => ({ actionId: a.actionId, startUs: a.startUs, parameters: a.parameters, strikes: a.strikes, faults: a.faults }))
    .sort((x, y) => x.startUs - y.startUs);
}

describe('fis > round trip', () => {
  for (const name of BUNDLED) {
    it(`imports then exports ${name}.json to an equivalent template`, () => {
      const json = fs.readFileSync(`scenarios/fis/${name}.json`, 'utf8');
      const base = fs.readFileSync(`scenarios/fis/${name}.yaml`, 'utf8');
      const imported = importTemplate({ template: { file: `${name}.json`, text: json }, scenario: { file: `${name}.yaml`, text: base } }).text;
      const exported = exportScenario(imported, `${name}.yaml`);
      expect(exported.unsupported).toEqual([]);
      const back = JSON.parse(exported.json);
      expect(back.stopConditions).toEqual([{ source: 'none' }]);
      for (const t of Object.values(back.targets) as { resourceArns?: unknown; resourceTags?: unknown }[]) {
        expect(t.resourceArns).toBeUndefined();
        expect(t.resourceTags).toBeDefined();
      }
      expect(timeline(exported.json, imported)).toEqual(timeline(json, imported));
      // And the exported template, imported again, gives the same faults.
      const again = importTemplate({ template: { file: `${name}.json`, text: exported.json }, scenario: { file: `${name}.yaml`, text: imported } }).text;
      expect(prepareScenario(again, 'again.yaml').scenario.faults).toEqual(prepareScenario(imported, 'imported.yaml').scenario.faults);
    });

    it(`keeps scenarios/fis/${name}.yaml what importing its template onto it writes`, () => {
      const base = fs.readFileSync(`scenarios/fis/${name}.yaml`, 'utf8');
      const json = fs.readFileSync(`scenarios/fis/${name}.json`, 'utf8');
      expect(importTemplate({ template: { file: `${name}.json`, text: json }, scenario: { file: `${name}.yaml`, text: base } }).text).toBe(base);
    });
  }

  it('keeps every line of the scenario but its faults', () => {
    const base = fs.readFileSync('scenarios/fis/aurora-cluster-failover.yaml', 'utf8');
    const json = fs.readFileSync('scenarios/fis/aurora-cluster-failover.json', 'utf8');
    const withComments = base.replace('seed: 1', 'seed: 1   # a comment kept').replace(/faults:[\s\S]*?expect:/, 'faults:\n  - { at: 20s, kind: crash, target: { role: writer } }  # replaced\nexpect:');
    const out = importTemplate({ template: { file: 'a.json', text: json }, scenario: { file: 'a.yaml', text: withComments } }).text;
    const outside = (t: string) => t.replace(/# Imported from[\s\S]*?expect:/, '').replace(/faults:[\s\S]*?expect:/, '');
    expect(outside(out)).toBe(outside(withComments));
    expect(out).toContain('seed: 1   # a comment kept');
    expect(out).not.toContain('# replaced');
  });
});
