// A sweep whose `expect` fails on some seeds: exit 1, exactly those seeds listed, and each printed
// replay command reproduces its failure when run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTAGE_BOUND_S, SWEEP_SCENARIO } from '../../scenarios/sweep/sweep-scenario.fixture.ts';
import { parseCsv } from '../sweep/csv-read.ts';
import { cli, shell } from './sweep-test-cli.fixture.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-sweep-fail-'));
const file = path.join(tmp, 'sweep-test.yaml');

/** The sweep.csv rows as records. */
function table(dir: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(fs.readFileSync(path.join(dir, 'sweep.csv'), 'utf8'));
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

/** Whether a row breaks the scenario's expectations (write_outage_s <= 20, lost_writes == 0), judged here from the CSV. */
const breaks = (r: Record<string, string>) => !(r.write_outage_s !== '' && Number(r.write_outage_s) <= OUTAGE_BOUND_S) || r.lost_writes !== '0';

/** These tests start a `faultline run` process per replay command (each compiles the TypeScript
 * on its main and its simulation thread): seconds on an idle machine, minutes on a shared one. */
const REPLAY_TIMEOUT_MS = 180_000;

function replays(out: string): string[] {
  return [...out.matchAll(/^ +replay: (.*)$/gm)].map((m) => m[1]);
}

describe('faultline sweep: failing expectations', () => {
  beforeAll(() => fs.writeFileSync(file, SWEEP_SCENARIO));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('exits 1, lists exactly the failing seeds, and each replay command reproduces its failure', async () => {
    const out = path.join(tmp, 'plain');
    const r = await cli('sweep', file, '--seeds', '1..12', '--jobs', '2', '--out', out);
    expect(r.code).toBe(1);
    const rows = table(out);
    const failing = rows.filter(breaks).map((x) => Number(x.seed));
    // The fixture has failing and passing seeds both; otherwise this test would prove little.
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.length).toBeLessThan(12);
    expect(r.out).toContain(`expect failed in ${failing.length} of 12 runs:`);
    expect(r.out).toMatch(new RegExp(`^  failing seeds: ${failing.join(', ')}$`, 'm'));
    const listed = [...r.out.matchAll(/^ {4}seed (\d+): (.*)$/gm)].map((m) => Number(m[1]));
    expect(listed).toEqual(failing);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'sweep.json'), 'utf8'));
    expect(manifest.failures.map((f: { seed: number }) => f.seed)).toEqual(failing);

    const commands = replays(r.out);
    expect(commands).toEqual(failing.map((s) => `faultline run ${file} --seed ${s}`));
    for (const [i, command] of commands.entries()) {
      const run = shell(command, tmp);
      expect(run.code, command).toBe(1);
      const row = rows.find((x) => Number(x.seed) === failing[i])!;
      expect(run.out).toContain(`✗ write_outage_s = ${row.write_outage_s} (expected <= ${OUTAGE_BOUND_S})`);
    }
    // A seed the sweep passed passes on its own too.
    const passing = rows.find((x) => !breaks(x))!;
    expect(shell(`faultline run ${file} --seed ${passing.seed}`, tmp).code).toBe(0);
  }, REPLAY_TIMEOUT_MS);

  it('names the parameters of failing runs, and `run --set` replays that combination exactly', async () => {
    const out = path.join(tmp, 'grid');
    const r = await cli('sweep', file, '--seeds', '1..3', '--set', 'engine.dns_ttl=1s,30s', '--jobs', '2', '--out', out);
    expect(r.code).toBe(1);
    const rows = table(out);
    const failing = rows.filter(breaks);
    // The column holds seconds; the terminal and the replay commands keep the flag's own text.
    expect(failing.some((x) => x.dns_ttl_s === '30')).toBe(true);
    for (const ttl of ['1', '30']) {
      const seeds = failing.filter((x) => x.dns_ttl_s === ttl).map((x) => x.seed);
      if (seeds.length > 0) expect(r.out).toMatch(new RegExp(`^  failing seeds \\[engine\\.dns_ttl=${ttl}s\\]: ${seeds.join(', ')}$`, 'm'));
      else expect(r.out).not.toContain(`failing seeds [engine.dns_ttl=${ttl}s]`);
    }
    const commands = replays(r.out);
    expect(commands).toEqual(failing.map((x) => `faultline run ${file} --seed ${x.seed} --set engine.dns_ttl=${x.dns_ttl_s}s`));
    // The replay writes the very summary row the sweep computed for that run.
    const last = failing[failing.length - 1];
    const runDir = path.join(tmp, 'replayed');
    const run = shell(`${commands[commands.length - 1]} --out ${runDir}`, tmp);
    expect(run.code).toBe(1);
    const [header, summary] = parseCsv(fs.readFileSync(path.join(runDir, 'summary.csv'), 'utf8'));
    expect(Object.fromEntries(header.map((h, i) => [h, summary[i]]))).toEqual(Object.fromEntries(Object.entries(last).filter(([k]) => k !== 'dns_ttl_s')));
  }, REPLAY_TIMEOUT_MS);

  it('with --no-check leaves `linearizable` empty and says so in the replay commands', async () => {
    const out = path.join(tmp, 'nocheck');
    const r = await cli('sweep', file, '--seeds', '1,7', '--no-check', '--jobs', '1', '--out', out);
    expect(r.out).toContain('linearizable: not checked (--no-check)');
    expect(table(out).map((x) => x.linearizable)).toEqual(['', '']);
    for (const c of replays(r.out)) expect(c).toMatch(/ --no-check$/);
    const checked = await cli('sweep', file, '--seeds', '1,7', '--jobs', '1', '--out', path.join(tmp, 'checked'));
    expect(checked.code).toBe(r.code);
    expect(table(path.join(tmp, 'checked')).map((x) => x.linearizable)).toEqual(['true', 'true']);
  });
});
