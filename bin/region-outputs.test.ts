// What a run over regions writes and prints beyond a run in one region: summary.csv's rows per
// region and its network_bytes_cross_region column, timeseries.csv's columns per region, and the
// terminal's line per region; a run in one region writes none of them.
import { describe, expect, it } from 'vitest';
import { runToFiles } from './run-files.ts';
import { prepareScenario } from '../scenarios/prepare.ts';
import { renderSummary } from '../reports/terminal-summary.ts';
import { loadBundled } from '../test/bundled.ts';
import type { Scenario } from '../scenarios/format/scenario.ts';

const scenario = (regions: boolean) => `name: two-regions
duration: 10s
warmup: 1s
${regions ? 'regions:\n  - { name: us-east-1, azs: [use1-az1, use1-az2, use1-az3] }\n  - { name: us-west-2, azs: [usw2-az1, usw2-az2, usw2-az3] }\n' : ''}engine: { type: rds-multi-az }
workload:
  clients: ${regions ? '{ us-east-1: 2, us-west-2: 2 }' : '4'}
  rate: 200/s
`;

function files(regions: boolean, given?: Scenario) {
  const s = given ?? prepareScenario(scenario(regions), 'two.yaml').scenario;
  const out = new Map<string, string>();
  const result = runToFiles(s, { intervalUs: 1_000_000, history: { kind: 'none' }, check: false }, (name) => {
    out.set(name, '');
    return { write: (t) => void out.set(name, out.get(name)! + t), writeBytes: () => {} };
  });
  const lines = (name: string) => out.get(name)!.trim().split('\n').map((l) => l.split(','));
  return { result, summary: lines('summary.csv'), timeseries: lines('timeseries.csv') };
}

describe('run > regions', () => {
  it('writes a summary row per region and the bytes that crossed regions, and time-series columns per region', () => {
    const { result, summary, timeseries } = files(true);
    const [header, run, east, west] = summary;
    expect(summary.length).toBe(4);
    expect([run[0], east[0], west[0]]).toEqual(['two-regions', 'two-regions@us-east-1', 'two-regions@us-west-2']);
    const at = header.indexOf('network_bytes_cross_region');
    expect(at).toBe(header.length - 1);
    // The far region's clients talk to the home region: their requests and replies cross.
    expect(Number(run[at])).toBe(result.crossRegionBytes);
    expect(result.crossRegionBytes).toBeGreaterThan(0);
    expect(east[at]).toBe('');
    expect(timeseries[0].slice(-4)).toEqual(['us-east-1_ops', 'us-east-1_ops_ok', 'us-west-2_ops', 'us-west-2_ops_ok']);
    const text = renderSummary({ row: result.summary, faults: [], expectations: [], outDir: null, color: false, regions: { rows: result.regionRows, crossRegionBytes: result.crossRegionBytes } });
    expect(text).toMatch(/cross-region\)/);
    expect(text.match(/^ {2}region {5}us-(east-1|west-2): writes/gm)?.length).toBe(2);
  });

  it('writes none of them for a run in one region', () => {
    const { summary, timeseries } = files(false);
    expect(summary.length).toBe(2);
    expect(summary[0]).not.toContain('network_bytes_cross_region');
    expect(timeseries[0].some((c) => c.endsWith('_ops'))).toBe(false);
  });

  it('writes a global table\'s conflicts lost to last writer wins last, the same count as its lost writes', () => {
    const { result, summary } = files(true, loadBundled('dynamodb-global-partition-conflicts'));
    const [header, run] = summary;
    expect(header.slice(-2)).toEqual(['network_bytes_cross_region', 'conflicts_lost']);
    expect(Number(run[header.length - 1])).toBe(result.conflictsLost);
    expect(result.conflictsLost).toBeGreaterThan(100);
    expect(Number(run[header.indexOf('lost_writes')])).toBe(result.conflictsLost);
    expect(files(true).summary[0]).not.toContain('conflicts_lost');
  });
});
