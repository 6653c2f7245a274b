// The quorum arithmetic (REFERENCE-FIGURES.md A2, A3, A10) and its enforcement at validation.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadText } from '../../test/bundled.ts';
import { alwaysIntersect, completePoint, durablePoint, quorumProblems } from './quorum.ts';

const scenario = (write: number, read: number) => `
name: quorum-check
duration: 10s
engine:
  type: aurora
  write_quorum: ${write}
  read_quorum: ${read}
workload:
  clients: 3
  rate: 100/s
`;

describe('aurora > quorum rules', () => {
  it('makes every read quorum of 3 meet every write quorum of 4, and any two write quorums of 4 meet', () => {
    expect(alwaysIntersect(6, 3, 4)).toBe(true);
    expect(alwaysIntersect(6, 4, 4)).toBe(true);
    // The enumeration can say no: a 3/6 read can miss a 3/6 write, and 2/3 quorums lose an AZ + 1.
    expect(alwaysIntersect(6, 3, 3)).toBe(false);
    expect(alwaysIntersect(6, 2, 4)).toBe(false);
  });

  it('agrees with Vr + Vw > V and Vw > V/2 for every configuration of 6 copies', () => {
    for (let w = 1; w <= 6; w++) {
      for (let r = 1; r <= 6; r++) {
        const sound = alwaysIntersect(6, r, w) && alwaysIntersect(6, w, w);
        expect(quorumProblems(6, w, r).length === 0, `Vw ${w}, Vr ${r}`).toBe(sound);
      }
    }
  });

  it("finds the paper's durable point: complete to 1007 with CPLs 900, 1000 and 1100 gives 1000", () => {
    expect(durablePoint(1007, [900, 1000, 1100])).toBe(1000);
    expect(durablePoint(899, [900, 1000, 1100], 850)).toBe(850);
  });

  it('finds the complete point across holes and truncated ranges', () => {
    const present = new Set([11, 12, 14, 1_000_011, 1_000_012]);
    expect(completePoint(10, present, [])).toBe(12);
    expect(completePoint(10, new Set([11, 12, 13, 14]), [{ afterLsn: 14, endLsn: 1_000_010 }])).toBe(1_000_010);
    expect(completePoint(10, new Set([11, 12, 13, 14, ...present]), [{ afterLsn: 14, endLsn: 1_000_010 }])).toBe(1_000_012);
  });

  it('accepts 4/6 writes with 3/6 reads, and rejects at validation a quorum that breaks Vr + Vw > V or Vw > V/2', () => {
    expect(loadText(scenario(4, 3)).engine.options.write_quorum).toBe(4);
    expect(loadText(scenario(6, 1)).engine.options.read_quorum).toBe(1);
    expect(() => loadText(scenario(4, 2))).toThrow(/read_quorum.*Vr \+ Vw > V.*2 \+ 4 = 6/);
    expect(() => loadText(scenario(3, 4))).toThrow(/write_quorum.*Vw > V\/2/);
    expect(() => loadText(scenario(3, 3))).toThrow(/read_quorum.*Vr \+ Vw > V/);
    const error = (() => {
      try {
        loadText(scenario(3, 4));
        return null;
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.name).toBe('ScenarioError');
    expect(error?.message).toMatch(/test\.yaml:6/);
  });

  it('makes `faultline validate` exit 2 on such a file, naming the option', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-aurora-'));
    const file = path.join(dir, 'bad.yaml');
    fs.writeFileSync(file, scenario(4, 2));
    const bin = fileURLToPath(new URL('../../bin/faultline.js', import.meta.url));
    const r = spawnSync(process.execPath, [bin, 'validate', file], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:7.*read_quorum/);
  });
});
