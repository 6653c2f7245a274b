// Interrupting a run: SIGINT and SIGTERM remove everything the run began, say so in one line and
// exit 130 and 143; after a SIGKILL (nothing can run then) the next run removes what is left.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LONG_SCENARIO, SHORT_SCENARIO, listTree, spawnCli, tempRoot, waitFor } from './cli-test.fixture.ts';

const root = tempRoot('signals');
fs.writeFileSync(path.join(root, 'long.yaml'), LONG_SCENARIO);
fs.writeFileSync(path.join(root, 'short.yaml'), SHORT_SCENARIO);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
/** A few seconds on an idle machine; far more when other work shares the CPU (a process start compiles the TypeScript). */
const SPAWN_TIMEOUT_MS = 120_000;

/**
 * Starts a long run into `<root>/<name>/out` and waits until it is writing its history (a sweep: has
 * taken its folder). The run is over the estimate's soft limits on purpose (it must outlast the
 * test), hence --yes.
 */
async function startLongRun(name: string, args: string[] = ['run', '../long.yaml', '--yes', '--out', 'out']) {
  const cwd = path.join(root, name);
  fs.mkdirSync(cwd);
  const run = spawnCli(args, cwd);
  const begun = args[0] === 'run' ? /history\.jsonl/ : /\.(tmp|lock)$/;
  await waitFor(() => listTree(cwd).some((f) => begun.test(f)) || run.child.exitCode !== null);
  expect(run.child.exitCode, "the long run ended before it was interrupted").toBeNull();
  return { cwd, run };
}

describe('cli > interrupts', () => {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`${signal} mid-run removes every file the run began, says so in one line and exits ${code}`, async () => {
      const { cwd, run } = await startLongRun(signal);
      run.child.kill(signal);
      const r = await run.done;
      expect({ code: r.code, signal: r.signal }).toEqual({ code, signal: null });
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(new RegExp(`^faultline: interrupted \\(${signal}\\)`));
      expect(listTree(cwd)).toEqual([]);
    }, SPAWN_TIMEOUT_MS);
  }

  it('SIGINT mid-sweep leaves no folder and exits 130', async () => {
    const { cwd, run } = await startLongRun('sweep', ['sweep', '../long.yaml', '--yes', '--seeds', '1..4', '--jobs', '1', '--out', 'out']);
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.code, r.err).toBe(130);
    expect(r.err).toMatch(/^faultline: interrupted \(SIGINT\)/);
    expect(listTree(cwd)).toEqual([]);
  }, SPAWN_TIMEOUT_MS);

  it("refuses a second run into the folder a live run holds, and the next run after a SIGKILL cleans the killed run's files", async () => {
    const { cwd, run } = await startLongRun('kill');
    const second = await spawnCli(['run', '../short.yaml', '--out', 'out'], cwd).done;
    expect(second.code).toBe(2);
    expect(second.err).toMatch(/another faultline run \(pid \d+\) is writing/);
    run.child.kill('SIGKILL');
    await run.done;
    expect(listTree(cwd).length).toBeGreaterThan(0);
    const next = await spawnCli(['run', '../short.yaml', '--out', 'out'], cwd).done;
    expect(next.code, next.err).toBe(0);
    expect(listTree(cwd).filter((f) => !f.startsWith('out'))).toEqual([]);
    expect(listTree(path.join(cwd, 'out')).filter((f) => f.startsWith('.'))).toEqual([]);
  }, 2 * SPAWN_TIMEOUT_MS); // three processes one after the other
});
