// The exit-3 paths of a sweep, with a stand-in worker (bin/sweep/fake-worker.fixture.js) that
// breaks an invariant on seeds >= 1000 and gives worker-dependent digests on seeds 500..999.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { executeSweep } from './execute.ts';
import { SWEEP_SCENARIO } from '../../scenarios/sweep/sweep-scenario.fixture.ts';

const FAKE = new URL('./fake-worker.fixture.js', import.meta.url);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-execute-'));
const file = path.join(tmp, 'sweep-test.yaml');
fs.writeFileSync(file, SWEEP_SCENARIO);
const out = path.join(tmp, 'out');

async function sweep(args: { seeds: string; set?: string[]; verifyDeterminism?: boolean }) {
  let err = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  let printed = '';
  try {
    const r = await executeSweep({ scenario: file, jobs: 2, out, ...args }, { workerUrl: FAKE, write: (t) => (printed += t) });
    return { code: r.code, err, printed };
  } finally {
    vi.restoreAllMocks();
  }
}

describe('sweep exit 3', () => {
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('names the first run whose invariant broke, its seed and the command that reproduces it, and writes nothing', async () => {
    const r = await sweep({ seeds: '1..3,1005,1001', set: ['engine.dns_ttl=1s,5s'] });
    expect(r.code).toBe(3);
    expect(r.printed).toBe('');
    expect(r.err).toBe(`faultline: simulator invariant broken in run 3 (seed 1001 with engine.dns_ttl=1s): broken at seed 1001 (reproduce: faultline run ${file} --seed 1001 --set engine.dns_ttl=1s)\n`);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('reports the first difference of a rerun that disagrees', async () => {
    const r = await sweep({ seeds: '500..503', verifyDeterminism: true });
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/^faultline: determinism check failed: run 0 \(seed 500\) gave different outputs when run twice \(first on worker \d, again on worker \d\): summary\.csv column scenario: "thread \d+" vs "thread \d+" \(reproduce: faultline run \S+ --seed 500\)\n$/);
    expect(fs.existsSync(out)).toBe(false);
  });
});
