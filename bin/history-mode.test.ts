import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseHistoryFlag } from './history-mode.ts';
import { runToFiles } from './run-files.ts';
import type { HistoryMode } from './history-mode.ts';
import { prepareScenario } from '../scenarios/prepare.ts';

const SHORT = `name: history-modes
duration: 4s
engine:
  type: rds-multi-az
workload:
  clients: 3
  rate: 300/s
  mix: { read: 0.5, write: 0.5 }
faults:
  - { at: 1s, kind: crash, target: { role: writer } }
`;

/** The files one run writes, as bytes, by name. */
function filesOf(history: HistoryMode, seed = 1): Map<string, Buffer> {
  const s = prepareScenario(SHORT, 'short.yaml', { seedOverride: seed }).scenario;
  const parts = new Map<string, Buffer[]>();
  runToFiles(s, { intervalUs: 1_000_000, history, check: true }, (name) => {
    const p: Buffer[] = [];
    parts.set(name, p);
    return { write: (t) => void p.push(Buffer.from(t, 'utf8')), writeBytes: (b) => void p.push(Buffer.from(b)) };
  });
  return new Map([...parts].map(([n, p]) => [n, Buffer.concat(p)]));
}

const keysOf = (jsonl: string) => new Set(jsonl.trim().split('\n').map((l) => (JSON.parse(l) as { key: string }).key));

describe('run > history', () => {
  it('reads --history as full (bare or absent), gz, sample=N, and --no-history as none', () => {
    expect([undefined, '', true, 'full'].map(parseHistoryFlag)).toEqual(Array(4).fill({ kind: 'full' }));
    expect(parseHistoryFlag(false)).toEqual({ kind: 'none' });
    expect(parseHistoryFlag('gz')).toEqual({ kind: 'gz' });
    expect(parseHistoryFlag('sample=10')).toEqual({ kind: 'sample', everyKeys: 10 });
  });

  it('refuses any other value in one line naming the forms it takes', () => {
    for (const bad of ['gzip', 'sample=0', 'sample=', 'sample=1.5', 'sample=-2', 'rds-multi-az-writer-crash']) {
      expect(() => parseHistoryFlag(bad)).toThrow(`--history must be full, gz or sample=N (N a whole number, 1 or more), got '${bad}'`);
    }
  });

  it('with gz writes history.jsonl.gz, which decompresses to the bytes of history.jsonl, the other files unchanged', () => {
    const full = filesOf({ kind: 'full' });
    const gz = filesOf({ kind: 'gz' });
    expect([...gz.keys()]).toEqual([...full.keys()].map((n) => (n === 'history.jsonl' ? 'history.jsonl.gz' : n)));
    const compressed = gz.get('history.jsonl.gz')!;
    expect(compressed.length).toBeLessThan(full.get('history.jsonl')!.length / 4);
    expect(zlib.gunzipSync(compressed).equals(full.get('history.jsonl')!)).toBe(true);
    for (const [name, bytes] of full) if (name !== 'history.jsonl') expect(gz.get(name)!.equals(bytes), name).toBe(true);
  });

  it('with sample=N keeps every event of about 1 key in N, the same keys for the same seed, and says so in summary.csv', () => {
    const full = filesOf({ kind: 'full' }).get('history.jsonl')!.toString('utf8');
    const a = filesOf({ kind: 'sample', everyKeys: 4 });
    const sample = a.get('history.jsonl')!.toString('utf8');
    const allKeys = keysOf(full);
    const kept = keysOf(sample);
    expect(kept.size).toBeGreaterThan(allKeys.size / 8);
    expect(kept.size).toBeLessThan(allKeys.size / 2);
    // Whole keys: exactly the lines of the full history whose key was kept, in order.
    expect(sample).toBe(full.split('\n').filter((l) => l !== '' && kept.has((JSON.parse(l) as { key: string }).key)).map((l) => l + '\n').join(''));
    expect(filesOf({ kind: 'sample', everyKeys: 4 }).get('history.jsonl')!.equals(a.get('history.jsonl')!)).toBe(true);
    expect(keysOf(filesOf({ kind: 'sample', everyKeys: 4 }, 2).get('history.jsonl')!.toString('utf8'))).not.toEqual(kept);
    const [header, row] = a.get('summary.csv')!.toString('utf8').trim().split('\n');
    expect(header.endsWith(',history_sample_one_key_in,history_sample_keys')).toBe(true);
    expect(row.endsWith(`,4,${kept.size} of ${allKeys.size}`)).toBe(true);
  });

  it('with none writes no history file and the same other files', () => {
    const full = filesOf({ kind: 'full' });
    const none = filesOf({ kind: 'none' });
    expect([...none.keys()]).toEqual([...full.keys()].filter((n) => n !== 'history.jsonl'));
    for (const [name, bytes] of none) expect(full.get(name)!.equals(bytes), name).toBe(true);
  });
});
