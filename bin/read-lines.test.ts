import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LineTooLongError, NotRegularFileError, forEachLine } from './read-lines.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'faultline-lines-'));

function linesOf(text: string, chunkBytes: number, maxLineBytes?: number): [string, number][] {
  const file = path.join(dir, 'f.txt');
  writeFileSync(file, text);
  const got: [string, number][] = [];
  forEachLine(file, (t, n) => got.push([t, n]), chunkBytes, maxLineBytes);
  return got;
}

describe('read lines', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the same lines whatever the chunk size, multi-byte characters split or not', () => {
    const text = 'ab\n\nçé€𝄞 x\n{"k":"ü"}\nlast';
    const expected = text.split('\n').map((t, i): [string, number] => [t, i + 1]);
    for (const chunk of [1, 2, 3, 5, 7, 64]) expect(linesOf(text, chunk), `chunk ${chunk}`).toEqual(expected);
  });

  it('gives no line for an empty file and none after a final newline', () => {
    expect(linesOf('', 4)).toEqual([]);
    expect(linesOf('a\n', 4)).toEqual([['a', 1]]);
  });

  it('refuses a line longer than the limit, naming it', () => {
    expect(() => linesOf('ok\n0123456789abcdef\n', 4, 8)).toThrow(LineTooLongError);
    expect(() => linesOf('ok\n0123456789abcdef\n', 4, 8)).toThrow('line 2 is longer');
  });

  it('refuses a folder', () => {
    expect(() => forEachLine(dir, () => {})).toThrow(NotRegularFileError);
  });
});
