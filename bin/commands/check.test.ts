import fs from 'node:fs';
import zlib from 'node:zlib';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { historyFolder, runCheck as run } from './check-cli.fixture.ts';
import { historiesDir } from '../../test/shared-dir.ts';

const corpus = historiesDir();
const folder = historyFolder();
const tmp = folder.dir;
const file = folder.file;

const good = file('good.jsonl', [
  { process: 0, type: 'invoke', f: 'write', key: 'a', value: 1, time_us: 10 },
  { process: 0, type: 'ok', f: 'write', key: 'a', value: 1, time_us: 20 },
  { process: 1, type: 'invoke', f: 'read', key: 'a', value: null, time_us: 30 },
  { process: 1, type: 'ok', f: 'read', key: 'a', value: 1, time_us: 40 },
]);
const bad = file('bad.jsonl', [
  { process: 0, type: 'invoke', f: 'write', key: 'a', value: 1 },
  { process: 0, type: 'ok', f: 'write', key: 'a', value: 1 },
  { process: 1, type: 'invoke', f: 'read', key: 'a', value: null },
  { process: 1, type: 'ok', f: 'read', key: 'a', value: 2 },
]);
// The same value written twice: the O(n log n) unique-writes check does not apply, so the
// search (and its step budget) decides.
const searched = file('searched.jsonl', [
  { process: 0, type: 'invoke', f: 'write', key: 'a', value: 1 },
  { process: 0, type: 'ok', f: 'write', key: 'a', value: 1 },
  { process: 1, type: 'invoke', f: 'write', key: 'a', value: 1 },
  { process: 1, type: 'ok', f: 'write', key: 'a', value: 1 },
  { process: 2, type: 'invoke', f: 'read', key: 'a', value: null },
  { process: 2, type: 'ok', f: 'read', key: 'a', value: 2 },
]);
// A stale read that is a query by index key: the index's copy, left out as the run's check leaves it.
const queried = file('queried.jsonl', [
  { process: 0, type: 'invoke', f: 'write', key: 'a', value: 1, time_us: 10 },
  { process: 0, type: 'ok', f: 'write', key: 'a', value: 1, time_us: 20 },
  { process: 1, type: 'invoke', f: 'read', key: 'a', value: null, time_us: 30, query: true },
  { process: 1, type: 'ok', f: 'read', key: 'a', value: null, time_us: 40, query: true },
]);
const malformed = file('malformed.jsonl', '{"process":0,"type":"invoke","f":"write","value":1}\n{"process":"zero","type":"ok","f":"write","value":1}\n');

describe('faultline check', () => {
  afterEach(() => vi.restoreAllMocks());
  afterAll(() => folder.remove());

  it('prints one line per linearizable file and exits 0', async () => {
    const r = await run(good);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/good\.jsonl: linearizable \(2 ops, \d+ ms\)\n$/);
  });

  it('leaves out queries by index key, which read an index\'s copy, and would fail the file if counted', async () => {
    const r = await run(queried);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/queried\.jsonl: linearizable \(1 ops/);
    const counted = await run(file('counted.jsonl', fs.readFileSync(queried, 'utf8').replaceAll(',"query":true', '')));
    expect(counted.code).toBe(1);
  });

  it('prints the failing window and exits 1 when a file is not linearizable', async () => {
    const r = await run(good, bad);
    expect(r.code).toBe(1);
    expect(r.out).toContain('bad.jsonl: NOT linearizable (2 ops');
    expect(r.out).toMatch(/key "a" is not linearizable/);
    expect(r.out).toMatch(/p1 +read -> 2 +ok/);
  });

  it('exits 3 when the budget runs out, and 2 (the worst) on bad input naming file, line and field', async () => {
    const unknown = await run(searched, '--max-steps', '0');
    expect(unknown.code).toBe(3);
    expect(unknown.out).toContain('unknown');
    expect(unknown.out).toContain('the step budget ran out: 0 search steps; raise --max-steps');
    const json = JSON.parse((await run(searched, '--max-steps', '0', '--json')).out);
    expect(json.reason).toMatch(/^the step budget ran out/);
    const worst = await run(searched, malformed, '--max-steps', '0');
    expect(worst.code).toBe(2);
    expect(worst.err.trim().split('\n')).toEqual([`faultline check: ${malformed}:2: process: must be an integer, got "zero"`]);
  });

  it('reads a gzip-compressed history (history.jsonl.gz, told by its first bytes) as the plain one', async () => {
    const text = fs.readFileSync(bad);
    // Two gzip members, split inside a line, as `faultline run --history gz` writes blocks.
    const gz = file('bad.jsonl.gz', '');
    fs.writeFileSync(gz, Buffer.concat([zlib.gzipSync(text.subarray(0, 30)), zlib.gzipSync(text.subarray(30))]));
    const plain = await run(bad);
    const r = await run(gz);
    expect(r.code).toBe(1);
    expect(r.out.replace(/bad\.jsonl\.gz/g, 'bad.jsonl').replace(/\d+ ms/g, 'ms')).toBe(plain.out.replace(/\d+ ms/g, 'ms'));
  });

  it('reports a damaged gzip file as bad input, in one line', async () => {
    const gz = file('damaged.jsonl.gz', '');
    const whole = zlib.gzipSync(fs.readFileSync(good));
    fs.writeFileSync(gz, Buffer.concat([whole.subarray(0, 12), Buffer.from('not deflate at all'), whole.subarray(12)]));
    const r = await run(gz);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`^faultline check: ${gz.replace(/[.]/g, '\\.')}: not a readable gzip file \\(Z_[A-Z_]+: [^\\n]*\\)\\n$`));
  });

  it('reports an unreadable file as bad input', async () => {
    const r = await run(path.join(tmp, 'missing.jsonl'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('missing.jsonl: cannot read (ENOENT)');
  });

  it('writes one JSON object per file with --json', async () => {
    const r = await run(good, bad, malformed, '--json');
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [path.basename(l.file), l.linearizable])).toEqual([
      ['good.jsonl', true],
      ['bad.jsonl', false],
      ['malformed.jsonl', null],
    ]);
    expect(typeof lines[0].ms).toBe('number');
    expect(lines[1].violation.window.map((w: { f: string }) => w.f)).toEqual(['read']);
    expect(lines[2]).toMatchObject({ line: 2, field: 'process' });
  });

  it.skipIf(corpus === null)('checks corpus files under the semantics named', async () => {
    if (corpus === null) return;
    const etcd = path.join(corpus, 'porcupine/etcd_001.jsonl');
    const knossos = path.join(corpus, 'knossos/memstress3-0.jsonl');
    expect((await run(etcd, '--semantics', 'porcupine-etcd')).code).toBe(1);
    expect((await run(knossos, '--semantics', 'knossos-cas-register')).code).toBe(0);
    // The kv model is inferred from get/put/append.
    expect((await run(path.join(corpus, 'porcupine/kv-c01-ok.jsonl'))).code).toBe(0);
  });
});
