// `faultline check` on input that is not a plain, well-formed history file: no files, a FIFO,
// a folder, integers JSON cannot hold exactly, duplicate keys, lines split across read chunks.

import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { historyFolder, runCheck } from './check-cli.fixture.ts';

const folder = historyFolder();
const write = (value: unknown): string => `{"process":0,"type":"invoke","f":"write","key":"a","value":${JSON.stringify(value)}}`;
const ok = (value: unknown): string => `{"process":0,"type":"ok","f":"write","key":"a","value":${JSON.stringify(value)}}`;

describe('faultline check > input', () => {
  afterAll(() => folder.remove());

  it('refuses to run without files, with one line and exit 2', async () => {
    const r = await runCheck();
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/faultline check: .*history file/);
  });

  it('refuses a FIFO without blocking on it', async () => {
    const fifo = path.join(folder.dir, 'pipe.jsonl');
    execFileSync('mkfifo', [fifo]);
    const r = await runCheck(fifo);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe(`faultline check: ${fifo}: not a regular file`);
  });

  it('refuses a folder as not a regular file', async () => {
    const r = await runCheck(folder.dir);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe(`faultline check: ${folder.dir}: not a regular file`);
  });

  it('refuses an integer above 2^53 instead of rounding it, naming file, line and field', async () => {
    const f = folder.file('huge-int.jsonl', `${write(1)}\n${ok(1)}\n${write(0)}\n{"process":0,"type":"ok","f":"write","key":"a","value":9007199254740993}\n`);
    const r = await runCheck(f);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe(`faultline check: ${f}:4: value: 9007199254740993 is beyond the integers JSON numbers hold exactly (2^53 - 1)`);
  });

  it('refuses a negative integer below -(2^53) and one in an ignored field', async () => {
    const f = folder.file('huge-neg.jsonl', `{"process":0,"type":"invoke","f":"write","key":"a","value":1,"time_us":-90071992547409930}\n`);
    const r = await runCheck(f);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${f}:1: time_us: `);
  });

  it('accepts 2^53 - 1 and large numbers written with a fraction or exponent', async () => {
    const f = folder.file('edge-int.jsonl', `${write(9007199254740991)}\n${ok(9007199254740991)}\n${write(1.5e300)}\n${ok(1.5e300)}\n`);
    expect((await runCheck(f)).code).toBe(0);
  });

  it('refuses a duplicate key, naming it', async () => {
    const f = folder.file('dup.jsonl', `${write(1)}\n{"process":0,"type":"ok","f":"write","key":"a","value":1,"value":2}\n`);
    const r = await runCheck(f);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe(`faultline check: ${f}:2: value: duplicate key "value"`);
  });

  it('refuses a duplicate key inside a nested object, naming the top-level field', async () => {
    const f = folder.file('dup-nested.jsonl', `{"process":0,"type":"invoke","f":"write","key":"a","value":1,"meta":{"x":1,"x":2}}\n`);
    const r = await runCheck(f);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe(`faultline check: ${f}:1: meta: duplicate key "x"`);
  });
});
