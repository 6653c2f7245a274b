// Fuzzing the bundled scenarios as a user might break them: a key's value changed to an extreme
// number, a wrong type or a long string, a key deleted, renamed or duplicated. Whatever comes out,
// validation gives a scenario or problems of the form file:line: field: ...; `faultline run` exits
// 0, 1 or 2, never 3 (a crash); and after exit 2 no output folder exists. Mostly in-process (the
// loader, the estimate, the run command's handler on scenarios cut to a few seconds); the CLI
// itself is spawned for a handful of cases.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse, stringify } from 'yaml';
import type { ArgumentsCamelCase } from 'yargs';
import { prepareScenario } from '../prepare.ts';
import { estimateFor, refusal } from '../estimate.ts';
import { runCommand } from '../../bin/commands/run.ts';
import { ScenarioError } from './scenario-error.ts';

const DIR = fileURLToPath(new URL('../', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/faultline.js', import.meta.url));
const FILE = 'fuzz.yaml';
const LINE = /^fuzz\.yaml:\d+: \S.*: \S/;

type Tree = Record<string, unknown>;

/** Every bundled scenario, cut to 3 s of workload with its faults early and short, so a run takes well under a second. */
const BASES: Tree[] = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => {
    const t = parse(fs.readFileSync(path.join(DIR, f), 'utf8')) as Tree;
    t.duration = '3s';
    t.warmup = '500ms';
    t.settle = '1s';
    const faults = (t.faults as Tree[] | undefined) ?? [];
    faults.forEach((x, i) => {
      x.at = `${1000 + 100 * i}ms`;
      if (x.for !== undefined) x.for = '500ms';
    });
    // One workload or several (`workloads:`), each a single rate or phases: all cut to 300/s.
    for (const w of [t.workload, ...((t.workloads as Tree[] | undefined) ?? [])].filter((x) => x !== undefined) as Tree[]) {
      if (typeof w.rate === 'string') w.rate = '300/s';
      for (const ph of (w.phases as Tree[] | undefined) ?? []) for (const k of ['rate', 'to']) if (typeof ph[k] === 'string') ph[k] = '300/s';
    }
    return t;
  });

const EXTREMES: unknown[] = [0, -1, 1e309, -1e309, 1e12, 2 ** 53 + 1, 0.5, 1e-9, '1us', '10000h', '-1000000h', '0B', '1000000GB', '1e9/s', '', 'x'.repeat(300), '--help', '-', 'control-plane', true, null, [], {}, [1, 2], { a: 1 }];

/** Paths to every value in the tree: ['workload', 'rate'], ['faults', 0, 'at'], ... */
function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(v)) return [at, ...v.flatMap((x, i) => paths(x, [...at, i]))];
  if (v !== null && typeof v === 'object') return [at, ...Object.entries(v).flatMap(([k, x]) => paths(x, [...at, k]))];
  return [at];
}

function parentOf(t: Tree, p: (string | number)[]): Record<string | number, unknown> | undefined {
  let cur: unknown = t;
  for (const k of p.slice(0, -1)) cur = (cur as Record<string | number, unknown>)[k];
  return cur !== null && typeof cur === 'object' ? (cur as Record<string | number, unknown>) : undefined;
}

type Mutation = { kind: 'set'; value: unknown } | { kind: 'delete' } | { kind: 'rename' } | { kind: 'duplicate' };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom(...EXTREMES).map((value) => ({ kind: 'set' as const, value })),
  fc.double().map((value) => ({ kind: 'set' as const, value })),
  fc.string({ maxLength: 12 }).map((value) => ({ kind: 'set' as const, value })),
  fc.constant({ kind: 'delete' as const }),
  fc.constant({ kind: 'rename' as const }),
  fc.constant({ kind: 'duplicate' as const }),
);

/** The base scenario's text with the mutations applied (a duplicated key is written twice). */
function mutate(base: number, edits: { at: number; m: Mutation }[]): string {
  const t = structuredClone(BASES[base]);
  let duplicate: string | undefined;
  for (const { at, m } of edits) {
    const all = paths(t).filter((p) => p.length > 0);
    const p = all[at % all.length];
    const parent = parentOf(t, p);
    if (parent === undefined) continue;
    const key = p[p.length - 1];
    if (m.kind === 'set') parent[key] = m.value;
    else if (m.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
    } else if (m.kind === 'rename' && !Array.isArray(parent)) {
      parent[`${String(key)}x`] = parent[key];
      delete parent[key];
    } else if (m.kind === 'duplicate' && p.length === 1) duplicate = String(key);
  }
  let text = stringify(t);
  if (duplicate !== undefined) {
    const line = text.split('\n').find((l) => l.startsWith(`${duplicate}:`));
    if (line !== undefined && !line.endsWith(':')) text += `${line}\n`;
  }
  return text;
}

const cases = fc.record({
  base: fc.nat(BASES.length - 1),
  edits: fc.array(fc.record({ at: fc.nat(), m: mutation }), { minLength: 1, maxLength: 3 }),
});

/** Validation's verdict: 'ok' with the scenario, or 2 with every line checked. */
function validate(text: string) {
  try {
    return prepareScenario(text, FILE).scenario;
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    for (const line of e.lines()) {
      expect(line).toMatch(LINE);
      expect(line).not.toMatch(/[\r\n]/);
    }
    expect(e.lines().length).toBeLessThanOrEqual(20);
    return 2;
  }
}

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

describe('scenario format > fuzzing the bundled scenarios', () => {
  it('validates every mutation to a scenario or to lines of file:line: field', () => {
    fc.assert(
      fc.property(cases, ({ base, edits }) => {
        const s = validate(mutate(base, edits));
        // The estimate of a valid scenario is a number, and refusing is a one-line answer.
        if (s !== 2) expect(refusal(FILE, estimateFor(s, 1_000_000), 1_000_000, false) ?? '').not.toMatch(/[\r\n]|NaN/);
      }),
      { numRuns: 300, seed: 12 },
    );
  }, 60_000);

  it('runs every mutation to exit 0, 1 or 2, with no output folder after exit 2', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-fuzz-'));
    let n = 0;
    const stderr: string[] = [];
    const codes = new Map<number, number>();
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation((t) => (stderr.push(String(t)), true));
    // Each run simulates on a worker thread (so a signal can stop it): await it before judging.
    await fc.assert(
      fc.asyncProperty(cases, async ({ base, edits }) => {
        const file = path.join(root, `case-${++n}.yaml`);
        const out = path.join(root, `out-${n}`);
        fs.writeFileSync(file, mutate(base, edits));
        stderr.length = 0;
        process.exitCode = undefined;
        const argv = { scenario: file, out, interval: '1s', history: true, check: true, quiet: true, yes: false, _: [], $0: 'faultline' };
        await runCommand.handler(argv as unknown as ArgumentsCamelCase<never>);
        const code = Number((process.exitCode as number | string | undefined) ?? 0);
        codes.set(code, (codes.get(code) ?? 0) + 1);
        expect([0, 1, 2], stderr.join('')).toContain(code);
        if (code === 2) {
          expect(fs.existsSync(out)).toBe(false);
          for (const line of stderr.join('').trimEnd().split('\n')) expect(line).toMatch(/^faultline: \S/);
        }
      }),
      { numRuns: 80, seed: 13 },
    );
    // Invariant: the cases do not all stop at validation: some mutations keep a runnable scenario.
    expect((codes.get(0) ?? 0) + (codes.get(1) ?? 0), JSON.stringify([...codes])).toBeGreaterThan(5);
    fs.rmSync(root, { recursive: true, force: true });
  }, 180_000);

  it('gives the same answers through the command line, for a handful of cases', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-fuzz-cli-'));
    const samples = fc.sample(cases, { numRuns: 3, seed: 14 });
    samples.forEach(({ base, edits }, i) => {
      const file = path.join(root, `case-${i}.yaml`);
      const out = path.join(root, `out-${i}`);
      fs.writeFileSync(file, mutate(base, edits));
      const r = spawnSync(process.execPath, [BIN, 'run', file, '--out', out, '--quiet'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      expect([0, 1, 2], r.stderr).toContain(r.status);
      if (r.status === 2) {
        expect(fs.existsSync(out)).toBe(false);
        for (const line of r.stderr.trimEnd().split('\n')) expect(line).toMatch(new RegExp(`^faultline: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: \\S`));
      }
    });
    fs.rmSync(root, { recursive: true, force: true });
  }, 60_000);
});
