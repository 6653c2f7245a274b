import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { firstDifference, StreamHasher, type RunDigest } from './digest.ts';

function digestOf(name: string, chunks: string[]) {
  const h = new StreamHasher(name);
  for (const c of chunks) h.add(c);
  return h.finish();
}

describe('sweep digests', () => {
  it("hashes a stream's exact bytes, however it arrives in chunks, and counts its lines", () => {
    const text = 'a,b\n1,2\n\n3,4\n';
    const one = digestOf('x.csv', [text]);
    const many = digestOf('x.csv', ['a,b\n', '1,2\n\n', '3,4\n']);
    expect(one.sha256).toBe(createHash('sha256').update(text).digest('hex'));
    expect(many.sha256).toBe(one.sha256);
    expect(one.lines).toBe(4);
    expect([...many.lineHashes]).toEqual([...one.lineHashes]);
  });

  it('names the first summary column that differs', () => {
    const a: RunDigest = { summary: ['x', '1', '2'], streams: [] };
    const b: RunDigest = { summary: ['x', '1', '3'], streams: [] };
    expect(firstDifference(a, b, ['scenario', 'seed', 'ops'])).toBe('summary.csv column ops: "2" vs "3"');
    expect(firstDifference(a, a, ['scenario', 'seed', 'ops'])).toBeNull();
  });

  it('names the first line of the first file that differs', () => {
    const a: RunDigest = { summary: ['s'], streams: [digestOf('history.jsonl', ['{"a":1}\n', '{"a":2}\n', '{"a":3}\n']), digestOf('events.csv', ['h\n'])] };
    const b: RunDigest = { summary: ['s'], streams: [digestOf('history.jsonl', ['{"a":1}\n', '{"a":9}\n', '{"a":3}\n']), digestOf('events.csv', ['other\n'])] };
    expect(firstDifference(a, b, ['scenario'])).toMatch(/^history\.jsonl line 2 differs \(sha256 [0-9a-f]{12} vs [0-9a-f]{12}\)$/);
    const shorter: RunDigest = { summary: ['s'], streams: [digestOf('history.jsonl', ['{"a":1}\n', '{"a":2}\n']), a.streams[1]] };
    expect(firstDifference(a, shorter, ['scenario'])).toBe('history.jsonl: 3 lines vs 2 (the first 2 agree)');
    const missing: RunDigest = { summary: ['s'], streams: [a.streams[0]] };
    expect(firstDifference(a, missing, ['scenario'])).toBe('events.csv: missing from the rerun');
  });
});
