// Fuzzing `faultline check` with mutated histories (fast-check, fixed seed): truncated lines,
// changed types, huge numbers, duplicate keys, bad process ids, binary junk, lines dropped or
// repeated. Whatever the input, the command ends with a documented exit status: 0, 1 or 3 with
// nothing on stderr, or 2 with exactly one line naming file:line:field, and never a stack trace.

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { historyFolder, runCheck } from './check-cli.fixture.ts';

const folder = historyFolder('faultline-check-fuzz-');

const VALID = [
  { process: 0, type: 'invoke', f: 'write', key: 'a', value: 1, time_us: 10 },
  { process: 1, type: 'invoke', f: 'read', key: 'a', value: null, time_us: 11 },
  { process: 0, type: 'ok', f: 'write', key: 'a', value: 1, time_us: 20 },
  { process: 1, type: 'ok', f: 'read', key: 'a', value: 1, time_us: 21 },
  { process: 2, type: 'invoke', f: 'cas', key: 'b', value: [null, 3], time_us: 30 },
  { process: 0, type: 'invoke', f: 'write', key: 'a', value: 2, time_us: 31 },
  { process: 2, type: 'info', f: 'cas', key: 'b', value: [null, 3], time_us: 40 },
  { process: 0, type: 'ok', f: 'write', key: 'a', value: 2, time_us: 41 },
  { process: 3, type: 'invoke', f: 'read', key: 'b', value: null, time_us: 50 },
  { process: 3, type: 'ok', f: 'read', key: 'b', value: 3, time_us: 60 },
].map((e) => JSON.stringify(e));

const JUNK_VALUES = ['9007199254740993', '-90071992547409930', '1e400', '-1e999', '1.5', '-1', '"x"', 'true', 'null', '[]', '{}', '[1,2,3]', '{"a":1,"a":2}', '""', '"\\u0000"'];
const FIELDS = ['process', 'type', 'f', 'key', 'value', 'time_us'];

/** One mutation of the lines (each a pure function of the arguments fast-check draws). */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('truncate'), line: fc.nat(), at: fc.nat() }),
  fc.record({ kind: fc.constant('retype'), line: fc.nat(), field: fc.constantFrom(...FIELDS), value: fc.constantFrom(...JUNK_VALUES) }),
  fc.record({ kind: fc.constant('duplicate-key'), line: fc.nat(), field: fc.constantFrom(...FIELDS), value: fc.constantFrom(...JUNK_VALUES) }),
  fc.record({ kind: fc.constant('junk'), line: fc.nat(), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('drop'), line: fc.nat() }),
  fc.record({ kind: fc.constant('repeat'), line: fc.nat() }),
  fc.record({ kind: fc.constant('swap'), line: fc.nat(), other: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function apply(lines: string[], m: Mutation): string[] {
  if (lines.length === 0) return lines;
  const out = [...lines];
  const i = m.line % out.length;
  switch (m.kind) {
    case 'truncate':
      out[i] = out[i].slice(0, m.at % (out[i].length + 1));
      break;
    case 'retype': {
      // Replace the field's value (or add the field) with another JSON value.
      const re = new RegExp(`"${m.field}":(\\[[^\\]]*\\]|"[^"]*"|[^,}]*)`);
      out[i] = re.test(out[i]) ? out[i].replace(re, `"${m.field}":${m.value}`) : out[i].replace(/}$/, `,"${m.field}":${m.value}}`);
      break;
    }
    case 'duplicate-key':
      out[i] = out[i].replace(/}$/, `,"${m.field}":${m.value}}`);
      break;
    case 'junk': {
      const at = m.at % (out[i].length + 1);
      out[i] = out[i].slice(0, at) + Buffer.from(m.bytes).toString('latin1') + out[i].slice(at);
      break;
    }
    case 'drop':
      out.splice(i, 1);
      break;
    case 'repeat':
      out.splice(i, 0, out[i]);
      break;
    case 'swap': {
      const j = m.other % out.length;
      [out[i], out[j]] = [out[j], out[i]];
      break;
    }
  }
  return out;
}

const ONE_ERROR = /^faultline check: .+:\d+: [\w.]+: \S.*$/;

describe('faultline check > fuzzed input', () => {
  afterAll(() => folder.remove());

  it('exits 0, 1, 2 or 3 as documented, exit 2 with one file:line:field line, never a stack trace', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        const text = mutations.reduce(apply, VALID).join('\n');
        const file = folder.file(`case-${n++}.jsonl`, text);
        const r = await runCheck(file);
        expect([0, 1, 2, 3]).toContain(r.code);
        expect(r.out + r.err).not.toMatch(/\n\s+at /);
        if (r.code === 2) {
          const lines = r.err.trimEnd().split('\n');
          expect(lines).toHaveLength(1);
          expect(lines[0]).toMatch(ONE_ERROR);
          expect(lines[0].startsWith(`faultline check: ${file}:`)).toBe(true);
        } else expect(r.err).toBe('');
      }),
      { seed: 20261207, numRuns: 300 },
    );
  }, 60_000);
});
