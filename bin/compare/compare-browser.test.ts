// compare.html opened in a real headless Chromium (Debian's package, as the report pages are):
// no console error and no request, every chart with drawn marks, each chart over simulated time
// with one line per topology and the fault window shaded and labelled, the policy verdict shown,
// and a screenshot kept in test-artifacts/. Skipped outside CI when Chromium is missing.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempRoot } from '../cli-test.fixture.ts';
import { cli } from '../commands/sweep-test-cli.fixture.ts';
import { chromiumInstalled, openPage } from '../report/browser.fixture.ts';
import { SWEEP_SCENARIO } from '../../scenarios/sweep/sweep-scenario.fixture.ts';
import { OVERLAID_FIGURES } from './overlay-charts.ts';

const root = tempRoot('compare-browser');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const haveBrowser = chromiumInstalled() || process.env.CI === 'true';
const CRITICAL = fileURLToPath(new URL('../../scenarios/policies/critical.json', import.meta.url));

describe.skipIf(!haveBrowser)('compare.html in a headless Chromium', () => {
  it('draws each topology as a line on every chart over time, shades the fault window on each and shows the policy verdict', async () => {
    const engines = ['rds-multi-az', 'aurora'];
    const files = engines.map((e) => {
      const file = path.join(root, `${e}.yaml`);
      fs.writeFileSync(file, SWEEP_SCENARIO.replace(/name: .*/, `name: crash-${e}`).replace(/type: .*/, `type: ${e}`));
      return file;
    });
    const out = path.join(root, 'compare');
    const r = await cli('compare', ...files, '--seeds', '1..2', '--jobs', '1', '--out', out, '--no-check', '--policy', CRITICAL);
    expect(r.code, r.err).toBeLessThan(2);
    const seen = await openPage(path.join(out, 'compare.html'), 'compare-overlaid');
    expect(seen.consoleErrors).toEqual([]);
    expect(seen.requests).toEqual([]);
    expect(fs.statSync(seen.screenshot).size).toBeGreaterThan(10_000);
    for (const c of seen.charts) expect(c.drawnMarks, `chart ${c.id} has no drawn marks`).toBeGreaterThan(0);
    const overTime = seen.charts.filter((c) => c.id.startsWith('chart-overlay-'));
    // Aurora's replicas lag; the RDS standby is synchronous: every figure has a topology with a figure.
    expect(overTime.map((c) => c.id)).toEqual(OVERLAID_FIGURES.map((f) => `chart-${f.id}`));
    for (const c of overTime) {
      expect(c.faultWindows, `chart ${c.id}`).toBe(1);
      expect(c.faultLabels, `chart ${c.id}`).toEqual(['#0 crash']);
      // A line per topology (or more, where a line breaks over intervals without a figure).
      expect(c.drawnMarks, `chart ${c.id}`).toBeGreaterThanOrEqual(c.id === 'chart-overlay-throughput-ok' ? engines.length : 1);
    }
    expect(seen.text).toMatch(/Resiliency policy/);
    expect(seen.text).toMatch(/example-critical \(Critical\)/);
    expect(seen.text).toMatch(/Over simulated time \(first seed\)/);
  });
});
