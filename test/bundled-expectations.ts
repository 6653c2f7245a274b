// Every bundled scenario, run as `faultline run` runs it (its own seed, 1 s buckets, history on,
// checked): its `expect` block holds, and the files it writes have the SHA-256 digests kept in
// test/output-digests/<name>.sha256 (the format `sha256sum -c` reads, so a run folder can be
// checked by hand). A change that moves an output on purpose rewrites them with
// `FAULTLINE_UPDATE_DIGESTS=1 npx vitest run test/bundled-expectations` and says why in its commit.
// Split over two test files (by name) so the two halves run in parallel.
import fs from 'node:fs';
import { createHash, type Hash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeExpectation } from '../reports/expectations.ts';
import { runToFiles } from '../bin/run-files.ts';
import { FULL_HISTORY } from '../bin/history-mode.ts';
import { bundledNames, loadBundled } from './bundled.ts';

const DIGESTS_DIR = fileURLToPath(new URL('./output-digests/', import.meta.url));

/** `sha256sum` lines for the files one run writes, sorted by file name. */
function runDigests(name: string): { lines: string; failed: string[]; expectations: number } {
  const s = loadBundled(name);
  const hashes = new Map<string, Hash>();
  const open = (file: string) => {
    const h = createHash('sha256');
    hashes.set(file, h);
    return { write: (text: string) => void h.update(text), writeBytes: (bytes: Uint8Array) => void h.update(bytes) };
  };
  const result = runToFiles(s, { intervalUs: 1_000_000, history: FULL_HISTORY, check: true }, open);
  const lines = [...hashes.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([file, h]) => `${h.digest('hex')}  ${file}\n`)
    .join('');
  return { lines, failed: result.expectations.filter((e) => !e.ok).map(describeExpectation), expectations: s.expect.length };
}

export function expectationsHold(half: 0 | 1): void {
  const names = bundledNames().filter((_, i) => i % 2 === half);
  describe('bundled scenarios > outputs', () => {
    for (const name of names) {
      it(`${name} meets every expectation it states and writes the files its digests name`, () => {
        const { lines, failed, expectations } = runDigests(name);
        expect(expectations).toBeGreaterThan(0);
        expect(failed).toEqual([]);
        const file = `${DIGESTS_DIR}${name}.sha256`;
        if (process.env.FAULTLINE_UPDATE_DIGESTS === '1') fs.writeFileSync(file, lines);
        expect(lines).toBe(fs.readFileSync(file, 'utf8'));
      });
    }
  });
}
