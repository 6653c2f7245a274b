// The command line end to end, as a user runs it: outputs, exit codes, and bad input.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/faultline.js', import.meta.url));

function faultline(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-cli-'));
}

const GOOD = `name: cli-ok
duration: 20s
engine:
  type: rds-multi-az
workload:
  clients: 3
  rate: 200/s
  mix: { read: 0.5, write: 0.5 }
faults:
  - { at: 5s, kind: crash, target: { role: writer } }
expect:
  lost_writes: "== 0"
`;

describe('cli > run', () => {
  it('runs a bundled scenario by name, prints a summary and writes the four files', () => {
    const dir = tempDir();
    const r = faultline(['run', 'rds-cluster-writer-crash', '--seed', '2'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/write_outage_s = .* \(expected < 35\)/);
    const out = path.join(dir, 'faultline-out/rds-cluster-writer-crash/seed-2');
    expect(fs.readdirSync(out).sort()).toEqual(['events.csv', 'faults.csv', 'history.jsonl', 'report.html', 'summary.csv', 'timeseries.csv']);
    expect(fs.readFileSync(path.join(out, 'summary.csv'), 'utf8').split('\n')[0]).toMatch(/^scenario,engine,seed,ops,ops_ok,ops_failed,ops_unknown,reads,writes,throughput_ops_s,/);
  });

  it('writes byte-identical files for the same seed', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 's.yaml'), GOOD);
    expect(faultline(['run', 's.yaml', '--out', 'a'], dir).code).toBe(0);
    expect(faultline(['run', 's.yaml', '--out', 'b'], dir).code).toBe(0);
    for (const f of ['events.csv', 'faults.csv', 'history.jsonl', 'summary.csv', 'timeseries.csv']) {
      expect(fs.readFileSync(path.join(dir, 'b', f))).toEqual(fs.readFileSync(path.join(dir, 'a', f)));
    }
  });

  it('writes history.jsonl.gz with --history gz, which check reads, a sample with --history sample=N, and none with --no-history', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 's.yaml'), GOOD.replace('duration: 20s', 'duration: 6s').replace('at: 5s', 'at: 2s'));
    const files = (out: string) => fs.readdirSync(path.join(dir, out)).filter((f) => f.startsWith('history')).sort();
    expect(faultline(['run', 's.yaml', '--out', 'gz', '--history', 'gz', '--no-report', '--quiet'], dir).code).toBe(0);
    expect(files('gz')).toEqual(['history.jsonl.gz']);
    const check = faultline(['check', 'gz/history.jsonl.gz'], dir);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/^gz\/history\.jsonl\.gz: linearizable \(\d+ ops/);
    expect(faultline(['run', 's.yaml', '--out', 'sample', '--history=sample=5', '--no-report', '--quiet'], dir).code).toBe(0);
    expect(files('sample')).toEqual(['history.jsonl']);
    expect(fs.readFileSync(path.join(dir, 'sample/summary.csv'), 'utf8').split('\n')[0]).toMatch(/,history_sample_one_key_in,history_sample_keys$/);
    expect(faultline(['run', 's.yaml', '--out', 'none', '--no-history', '--no-report', '--quiet'], dir).code).toBe(0);
    expect(files('none')).toEqual([]);
    const bad = faultline(['run', 's.yaml', '--out', 'bad', '--history', 'zip'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("faultline: --history must be full, gz or sample=N (N a whole number, 1 or more), got 'zip'\n");
    expect(fs.existsSync(path.join(dir, 'bad'))).toBe(false);
  });

  it('exits 1 and names the metric, its value and the bound when an expectation fails', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 's.yaml'), GOOD.replace('lost_writes: "== 0"', 'write_outage_s: "< 1"'));
    const r = faultline(['run', 's.yaml'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ write_outage_s = [\d.]+ \(expected < 1\)/);
  });
});

// Each bad input: exit 2, one line on stderr naming the file, line and field, and no output folder.
const BAD: [string, string, RegExp][] = [
  ['malformed YAML', GOOD.replace('  type: rds-multi-az', '  type: [rds-multi-az'), /s\.yaml:\d+: /],
  ['an unknown key', GOOD.replace('duration: 20s', 'duraton: 20s'), /s\.yaml:2: duraton: .*did you mean .*duration/],
  ['an unknown engine', GOOD.replace('type: rds-multi-az', 'type: rds-multi'), /s\.yaml:4: engine\.type: /],
  ['a negative duration', GOOD.replace('duration: 20s', 'duration: -20s'), /s\.yaml:2: duration: /],
  ['a bad unit', GOOD.replace('duration: 20s', 'duration: 20 seconds'), /s\.yaml:2: duration: /],
  ['a fault after the end', GOOD.replace('at: 5s', 'at: 30s'), /s\.yaml:10: faults\[0\]\.at: /],
  ['an unknown AZ in a target', GOOD.replace('target: { role: writer }', 'target: { az: az-z }'), /s\.yaml:10: faults\[0\]\.target\.az: /],
  ['an unknown role in a target', GOOD.replace('target: { role: writer }', 'target: { role: leader }'), /s\.yaml:10: faults\[0\]\.target\.role: /],
  ['a target that matches no node', GOOD.replace('target: { role: writer }', 'target: { role: replica }'), /s\.yaml:10: faults\[0\]\.target: matches no node/],
  ['an unknown engine option', GOOD.replace('  type: rds-multi-az', '  type: rds-multi-az\n  dns_tll: 5s'), /s\.yaml:5: engine\.dns_tll: .*dns_ttl/],
  ['a bad expectation', GOOD.replace('lost_writes: "== 0"', 'lost_writes: "= 0"'), /s\.yaml:12: expect\.lost_writes: /],
  ['a mix that does not add up', GOOD.replace('{ read: 0.5, write: 0.5 }', '{ read: 0.5, write: 0.7 }'), /s\.yaml:8: workload\.mix: /],
];

describe('cli > bad input', () => {
  for (const [what, text, pattern] of BAD) {
    it(`rejects ${what} with exit 2, one line and no output folder`, () => {
      const dir = tempDir();
      fs.writeFileSync(path.join(dir, 's.yaml'), text);
      const r = faultline(['run', 's.yaml', '--out', 'out'], dir);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(pattern);
      expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
      expect(fs.existsSync(path.join(dir, 'faultline-out'))).toBe(false);
    });
  }

  it('rejects an unknown scenario name and bad flags with exit 2', () => {
    const dir = tempDir();
    expect(faultline(['run', 'no-such-scenario'], dir)).toMatchObject({ code: 2 });
    fs.writeFileSync(path.join(dir, 's.yaml'), GOOD);
    expect(faultline(['run', 's.yaml', '--seed', '-3'], dir).code).toBe(2);
    expect(faultline(['run', 's.yaml', '--interval', 'fast'], dir).code).toBe(2);
    expect(faultline(['run'], dir).code).toBe(2);
    expect(faultline(['frobnicate'], dir).code).toBe(2);
    expect(fs.readdirSync(dir)).toEqual(['s.yaml']);
  });
});

describe('cli > validate and list', () => {
  it('validates every bundled scenario', () => {
    const r = faultline(['validate'], tempDir());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ok .*rds-multi-az-writer-crash/m);
  });

  it('lists scenarios, engines with their options, and fault kinds', () => {
    const r = faultline(['list'], tempDir());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/rds-cluster-writer-crash/);
    expect(r.stdout).toMatch(/dns_ttl\s+duration\s+default 5s/);
    expect(r.stdout).toMatch(/az-outage/);
  });
});
