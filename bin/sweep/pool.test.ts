import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runPool, type PoolJob } from './pool.ts';
import { parseCsv } from './csv-read.ts';
import { main } from '../cli.ts';
import { SWEEP_SCENARIO } from '../../scenarios/sweep/sweep-scenario.fixture.ts';

const FAKE = new URL('./fake-worker.fixture.js', import.meta.url);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-pool-'));
const jobsOf = (seeds: number[]): PoolJob[] => seeds.map((seed, index) => ({ index, combo: 0, seed }));
const init = { file: 'x.yaml', text: 'unused', combos: [[]], check: true };

describe('sweep worker pool', () => {
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('keeps results in job order whatever order the workers finish in', async () => {
    // Slow jobs first, fast ones after: the second worker finishes several before the first.
    const seeds = [90, 80, 1, 2, 3, 4, 70, 5];
    let last = 0;
    const out = await runPool(init, jobsOf(seeds), { workers: 2, workerUrl: FAKE, progress: (done, total) => ((last = done), expect(total).toBe(8)) });
    expect(out.error).toBeUndefined();
    expect(out.results.map((r) => Number(r!.cells[0]))).toEqual(seeds);
    expect(out.stats.map((s) => s.runs).reduce((a, b) => a + b)).toBe(8);
    expect(last).toBe(8);
  });

  it('reports the failing run with the lowest index, even when a later one fails first', async () => {
    // Run 0 fails after 150 ms, run 1 after 1 ms: run 0 is reported.
    const out = await runPool(init, jobsOf([1150, 1001, 5, 6]), { workers: 2, workerUrl: FAKE });
    expect(out.error?.job.index).toBe(0);
    expect(out.error?.error).toEqual({ name: 'SimInvariantError', message: 'broken at seed 1150', stack: 'stack' });
    // Nothing after the failures was started.
    expect(out.results.filter((r) => r !== undefined)).toHaveLength(0);
  });

  it('reruns sampled runs on another worker and counts those that agree', async () => {
    const out = await runPool(init, jobsOf([1, 2, 3, 4, 5, 6]), { workers: 2, workerUrl: FAKE, verify: (j) => j.index % 2 === 0 });
    expect(out.mismatch).toBeUndefined();
    expect(out.verified).toBe(3);
    expect(out.reruns.map((r) => r.index)).toEqual([0, 2, 4]);
    for (const r of out.reruns) expect(r.rerunWorker).not.toBe(r.firstWorker);
  });

  it('reports the first difference when a rerun disagrees', async () => {
    const out = await runPool({ ...init, unstable: true } as typeof init, jobsOf([1, 2, 3]), { workers: 2, workerUrl: FAKE, verify: () => true });
    expect(out.mismatch?.job.index).toBe(0);
    expect(out.mismatch?.difference).toMatch(/^summary\.csv column scenario: "thread \d+" vs "thread \d+"$/);
    expect(out.mismatch?.firstWorker).not.toBe(out.mismatch?.rerunWorker);
  });

  it("digests exactly the files `faultline run` writes for the same seed", async () => {
    const file = path.join(tmp, 'sweep-test.yaml');
    fs.writeFileSync(file, SWEEP_SCENARIO);
    const out = await runPool({ file, text: SWEEP_SCENARIO, combos: [[]], check: true }, [{ index: 0, combo: 0, seed: 3 }], { workers: 1, verify: () => true });
    expect(out.error).toBeUndefined();
    expect(out.verified).toBe(1);
    const digest = out.results[0]!.digest!;

    const dir = path.join(tmp, 'run');
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    await main(['run', file, '--seed', '3', '--out', dir]);
    vi.restoreAllMocks();
    expect(process.exitCode ?? 0).toBe(0);
    expect(digest.streams.map((s) => s.name)).toEqual(['history.jsonl', 'timeseries.csv', 'events.csv', 'faults.csv']);
    for (const s of digest.streams) {
      const bytes = fs.readFileSync(path.join(dir, s.name), 'utf8');
      expect(s.sha256, s.name).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(s.lines, s.name).toBe(bytes.split('\n').length - 1);
    }
    expect(digest.summary).toEqual(parseCsv(fs.readFileSync(path.join(dir, 'summary.csv'), 'utf8'))[1]);
    expect(out.results[0]!.cells).toEqual(digest.summary);
  });

  it('reports what a real worker throws', async () => {
    const out = await runPool({ file: 'bad.yaml', text: 'name: x\n', combos: [[]], check: true }, jobsOf([1]), { workers: 1 });
    expect(out.error?.error.name).toBe('ScenarioError');
    expect(out.error?.error.message).toMatch(/^bad\.yaml:/);
  });
});
