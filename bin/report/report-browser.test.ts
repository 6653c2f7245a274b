// The report pages opened in a real headless Chromium: every chart has drawn marks, every fault
// window is shaded on every chart over time, the page logs no console error and fetches
// nothing, and a screenshot of each page is kept in test-artifacts/. Chromium is Debian's
// package (.ci/run installs it); without it these tests are skipped outside CI and fail on CI.

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SHORT_SCENARIO, tempRoot } from '../cli-test.fixture.ts';
import { cli } from '../commands/sweep-test-cli.fixture.ts';
import { chromiumInstalled, openPage, type PageSeen } from './browser.fixture.ts';

const root = tempRoot('report-browser');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const haveBrowser = chromiumInstalled() || process.env.CI === 'true';
if (!chromiumInstalled()) console.warn('report-browser: /usr/bin/chromium is missing (apt-get install -y chromium); skipped');

/** Charts over simulated time (they carry the fault shading); the others are distributions or the op bars. */
const OVER_TIME = new Set(['throughput', 'availability', 'latency', 'replication-lag', 'stale-reads', 'throttled', 'network', 'engine-counters', 'availability-by-domain', 'lag-by-replica', 'events']);

function expectCleanPage(seen: PageSeen): void {
  expect(seen.consoleErrors).toEqual([]);
  expect(seen.requests).toEqual([]);
  expect(fs.statSync(seen.screenshot).size).toBeGreaterThan(10_000);
  for (const c of seen.charts) expect(c.drawnMarks, `chart ${c.id} has no drawn marks`).toBeGreaterThan(0);
}

describe.skipIf(!haveBrowser)('report.html in a headless Chromium', () => {
  it("shows a bundled run's verdict, draws every chart with marks and shades the fault window on each chart over time", async () => {
    const out = path.join(root, 'writer-crash');
    const r = await cli('run', 'rds-multi-az-writer-crash', '--out', out, '--no-history', '--quiet');
    expect(r.code, r.err).toBe(0);
    const seen = await openPage(path.join(out, 'report.html'), 'run-rds-multi-az-writer-crash');
    expectCleanPage(seen);
    expect(seen.text).toMatch(/All 5 expectations held/);
    expect(seen.text.indexOf('Verdict')).toBeLessThan(seen.text.indexOf('Over simulated time'));
    const ids = seen.charts.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['chart-throughput', 'chart-availability', 'chart-latency', 'chart-network', 'chart-events']));
    for (const c of seen.charts.filter((x) => OVER_TIME.has(x.id.replace(/^chart-/, '')))) {
      expect(c.faultWindows, `chart ${c.id}`).toBe(1);
      expect(c.faultLabels, `chart ${c.id}`).toEqual(['#0 crash']);
    }
  });

  it('draws availability per shard and replication lag per replica, each with marks and the fault window shaded', async () => {
    const out = path.join(root, 'redis-az-outage');
    const r = await cli('run', 'redis-az-outage', '--out', out, '--no-history', '--quiet');
    expect(r.code, r.err).toBe(0);
    const seen = await openPage(path.join(out, 'report.html'), 'run-redis-az-outage');
    expectCleanPage(seen);
    for (const id of ['chart-availability-by-domain', 'chart-lag-by-replica']) {
      const c = seen.charts.find((x) => x.id === id);
      expect(c, `no ${id}`).toBeDefined();
      expect(c!.drawnMarks, id).toBeGreaterThan(0);
      expect(c!.faultWindows, id).toBe(1);
      expect(c!.faultLabels, id).toEqual(['#0 az-outage']);
    }
    expect(seen.text).toMatch(/shard-0/);
  });

  it('draws the violating window of a non-linearizable run as per-client operation bars', async () => {
    const out = path.join(root, 'minority');
    const r = await cli('run', 'redis-minority-partition-long', '--out', out, '--no-history', '--quiet');
    expect(r.code, r.err).toBe(0);
    const seen = await openPage(path.join(out, 'report.html'), 'run-redis-minority-partition-long');
    expectCleanPage(seen);
    const bars = seen.charts.find((c) => c.id === 'chart-violation');
    expect(bars, 'no violation chart').toBeDefined();
    // A bar, a tick and a label per operation of the window violation.txt lists.
    const ops = fs.readFileSync(path.join(out, 'violation.txt'), 'utf8').split('\n').filter((l) => /^\s+p\d+\s/.test(l)).length;
    expect(ops).toBeGreaterThan(1);
    expect(bars!.drawnMarks).toBe(3 * ops);
    expect(seen.text).toMatch(/Not linearizable/);
    expect(seen.charts.find((c) => c.id === 'chart-availability')!.faultLabels).toEqual(['#0 partition']);
  });

  it("draws a sweep's distributions over seeds and lists its failing seeds with their replay commands", async () => {
    const file = path.join(root, 'short.yaml');
    fs.writeFileSync(file, SHORT_SCENARIO);
    const out = path.join(root, 'sweep');
    const r = await cli('sweep', file, '--seeds', '1..4', '--jobs', '1', '--out', out);
    expect(r.code, r.err).toBeLessThan(2);
    const seen = await openPage(path.join(out, 'report.html'), 'sweep-short');
    expectCleanPage(seen);
    expect(seen.charts.length).toBeGreaterThan(2);
    expect(seen.charts.every((c) => c.id.startsWith('chart-ecdf-'))).toBe(true);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'sweep.json'), 'utf8')) as { failures: { replay: string }[] };
    for (const f of manifest.failures) expect(seen.text).toContain(f.replay);
    expect(seen.text).toMatch(manifest.failures.length === 0 ? /Every expectation held in all 4 runs/ : /runs failed an expectation/);
  });

  it('draws compare.html: the topologies side by side, one distribution per topology on each chart', async () => {
    const engines = ['rds-multi-az', 'aurora'];
    const files = engines.map((e) => {
      const file = path.join(root, `short-${e}.yaml`);
      fs.writeFileSync(file, SHORT_SCENARIO.replace(/name: .*/, `name: short-${e}`).replace(/type: .*/, `type: ${e}`));
      return file;
    });
    const out = path.join(root, 'compare');
    const r = await cli('compare', ...files, '--seeds', '1..3', '--jobs', '1', '--out', out, '--no-check');
    expect(r.code, r.err).toBeLessThan(2);
    const seen = await openPage(path.join(out, 'compare.html'), 'compare-short');
    expectCleanPage(seen);
    expect(seen.charts.length).toBeGreaterThan(2);
    expect(seen.text).toContain('short-rds-multi-az');
    expect(seen.text).toContain('short-aurora');
    const csv = fs.readFileSync(path.join(out, 'compare.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(3);
    expect(csv[0]).toMatch(/^scenario,engine,seeds,runs,failed_runs,write_outage_s_mean,write_outage_s_ci95_low,/);
  });
});
