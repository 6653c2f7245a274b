import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import YAML from 'yaml';
import { cli } from './sweep-test-cli.fixture.ts';
import { findEngine } from '../../engines/registry.ts';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-swarm-'));

/** A light RDS Multi-AZ run; of 3 minutes the first 30 s after the warm-up take faults (the last 140 s are the liveness phase). */
function scenario(dir: string, engineExtra = '', duration = '3m'): string {
  const file = path.join(dir, 'light.yaml');
  fs.writeFileSync(
    file,
    `name: light
duration: ${duration}
warmup: 10s
settle: 20s
engine:
  type: rds-multi-az
${engineExtra}workload:
  clients: 3
  rate: 20/s
  mix: { read: 0.5, write: 0.5 }
  keys: { count: 200, distribution: uniform }
  timeout: 1s
  retry: { attempts: 2, backoff: 50ms, max_backoff: 1s }
`,
  );
  return file;
}

afterEach(() => vi.unstubAllEnvs());

describe('swarm > command line', () => {
  it('refuses bad input in one line with exit 2, writing nothing', async () => {
    const dir = tmp();
    const file = scenario(dir);
    const out = path.join(dir, 'out');
    for (const [args, message] of [
      [['--faults', 'meteor'], /"meteor" is not a fault kind/],
      [['--faults', 'loss', '--within-tolerance'], /loss is not within rds-multi-az's tolerance/],
      [['--shard', 'auto'], /neither JOB_COMPLETION_INDEX/],
      [['--shrink', '-1'], /--shrink: expected a whole number/],
    ] as const) {
      const r = await cli('swarm', file, '--seeds', '1..2', '--out', out, ...args);
      expect(r.code).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(message);
      expect(fs.existsSync(out)).toBe(false);
    }
  });

  it('splits seeds over Kubernetes Indexed Job shards (--shard auto), and merge gives the unsharded swarm.csv', async () => {
    const dir = tmp();
    const file = scenario(dir);
    const whole = await cli('swarm', file, '--seeds', '1..4', '--within-tolerance', '--jobs', '2', '--out', path.join(dir, 'whole'));
    expect(whole.code).toBe(0);
    expect(whole.out).toMatch(/4 runs/);
    expect(whole.out).toMatch(/exit codes: 0: 4/);
    for (const index of ['0', '1']) {
      vi.stubEnv('JOB_COMPLETION_INDEX', index);
      const r = await cli('swarm', file, '--seeds', '1..4', '--within-tolerance', '--jobs', '1', '--shard', 'auto', '--shard-count', '2', '--out', path.join(dir, `part-${index}`));
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`shard ${Number(index) + 1}/2: 2 runs`));
    }
    const merged = await cli('merge', path.join(dir, 'part-1'), path.join(dir, 'part-0'), '--out', path.join(dir, 'merged'));
    expect(merged.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'merged', 'swarm.csv'), 'utf8')).toBe(fs.readFileSync(path.join(dir, 'whole', 'swarm.csv'), 'utf8'));
    const csv = fs.readFileSync(path.join(dir, 'whole', 'swarm.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(5);
    expect(csv.slice(1).map((l) => l.split(',')[0])).toEqual(['1', '2', '3', '4']);
  }, 120_000);

  // The broken engine: with promote_unsynced_standby (the rds engine's switch that turns off the
  // standby in-sync check) a restarted standby can be promoted before it caught up. Where that
  // option does not exist yet the engine has no in-sync check at all, so the same test applies.
  it('catches an RDS Multi-AZ that promotes an unsynced standby within 500 seeds and shrinks it to at most 3 faults', async () => {
    const dir = tmp();
    const hasSwitch = 'promote_unsynced_standby' in (findEngine('rds-multi-az')!.options ?? {});
    const file = scenario(dir, hasSwitch ? '  promote_unsynced_standby: true\n' : '', '5m');
    const out = path.join(dir, 'out');
    // A chunk of seeds at a time, up to 500, until one loses acknowledged writes; then shrink that seed.
    let seed: number | undefined;
    for (let from = 1; from <= 500 && seed === undefined; from += 10) {
      const r = await cli('swarm', file, '--seeds', `${from}..${from + 9}`, '--faults', 'restart,failover', '--shrink', '0', '--out', out);
      const failures: { seed: number; property: string }[] = JSON.parse(fs.readFileSync(path.join(out, 'swarm.json'), 'utf8')).failures;
      seed = failures.find((f) => f.property === 'no-lost-writes')?.seed;
      if (seed !== undefined) expect(r.code).toBe(1);
      fs.rmSync(out, { recursive: true });
    }
    expect(seed).toBeDefined();
    const r = await cli('swarm', file, '--seeds', String(seed), '--faults', 'restart,failover', '--shrink', '1', '--shrink-runs', '120', '--out', out);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/no-lost-writes/);
    const first = JSON.parse(fs.readFileSync(path.join(out, 'swarm.json'), 'utf8')).failures[0];
    expect(first.property).toBe('no-lost-writes');
    expect(first.min_faults).toBeLessThanOrEqual(3);
    const min = YAML.parse(fs.readFileSync(path.join(out, first.min_file), 'utf8'));
    expect(min.faults.length).toBeLessThanOrEqual(3);
    expect(min.expect.lost_writes).toBe('== 0');
    // The shrunk file is a plain scenario that fails as the swarm said.
    const replay = await cli('run', path.join(out, first.min_file), '--out', path.join(dir, 'replay'), '--quiet');
    expect(replay.code).toBe(1);
    expect(replay.out).toMatch(/lost_writes/);
  }, 600_000);
});
